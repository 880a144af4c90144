package io.switchboard.auth.domain;

import java.time.Instant;

/**
 * A login as stored in Redis. {@code bindingHash} is the SHA-256 of the browser's cookie secret;
 * {@code userJson} is the third party's user object, kept only while the grant is unclaimed.
 */
public record QrLogin(String loginId, LoginState state, String qrCodeKey, String bindingHash,
                      Instant createdAt, Instant expiresAt, Instant grantedAt, String userJson) {

    /** True once the deadline passed for a login that is still live (the store may not know yet). */
    public boolean overdue(Instant now) {
        return state.live() && !now.isBefore(expiresAt);
    }
}
