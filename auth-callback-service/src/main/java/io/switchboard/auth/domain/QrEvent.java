package io.switchboard.auth.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Business-log record on Kafka {@code auth.qr-events} (key: loginId), one per state change, as the store's
 * scripts write it into the outbox ({@code lua/lib/record.lua}) and the relay sends it: the wire type for
 * consumers. {@code type} is {@code qr.login.created} for a new login, else {@code qr.login.<state>};
 * {@code userId} is set when the change concerns a known user (scanned, granted, consumed); {@code instance}
 * is the replica whose script made the change. Added later (consumers may ignore them): {@code id}, unique
 * per record ({@code <loginId>:<seq>}, the same on a redelivery, so a consumer drops duplicates by it), and
 * {@code seq}, the login's record counter (1, 2, ... in the order of its changes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QrEvent(String type, String loginId, LoginState state, LoginState previousState, String userId,
                      Instant at, String instance, String id, Long seq) {
}
