package io.switchboard.auth.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A login's state as a page sees it; {@code grant} is present only in the one answer that consumed it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoginStatus(String loginId, LoginState state, Instant expiresAt, Grant grant) {

    public static LoginStatus of(QrLogin login) {
        return new LoginStatus(login.loginId(), login.state(), login.expiresAt(), null);
    }

    public static LoginStatus of(QrLogin login, LoginState state) {
        return new LoginStatus(login.loginId(), state, login.expiresAt(), null);
    }
}
