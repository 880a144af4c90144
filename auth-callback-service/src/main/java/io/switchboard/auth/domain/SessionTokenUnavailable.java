package io.switchboard.auth.domain;

/** A granted login's session token could not be signed; the grant is kept, so a retry can still get it. */
public final class SessionTokenUnavailable extends RuntimeException {
    public SessionTokenUnavailable(Throwable cause) {
        super("the session token could not be signed", cause, false, false);
    }
}
