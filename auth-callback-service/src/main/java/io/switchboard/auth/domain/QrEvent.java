package io.switchboard.auth.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Business-log record on Kafka {@code auth.qr-events} (key: loginId), one per state change.
 * {@code type} is {@code qr.login.created} for a new login, else {@code qr.login.<state>}; {@code userId} is set
 * when the change concerns a known user (scanned, granted, consumed).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QrEvent(String type, String loginId, LoginState state, LoginState previousState, String userId,
                      Instant at, String instance) {

    public static QrEvent of(String loginId, LoginState state, LoginState previous, String userId, String instance) {
        String type = previous == null && state == LoginState.PENDING ? "qr.login.created" : "qr.login." + state.wire();
        return new QrEvent(type, loginId, state, previous, userId, Instant.now(), instance);
    }
}
