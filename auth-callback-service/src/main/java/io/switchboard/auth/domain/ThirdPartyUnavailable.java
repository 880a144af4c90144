package io.switchboard.auth.domain;

/** The third party's credential API is not configured, unreachable, too slow or failing (5xx); the message says which. */
public final class ThirdPartyUnavailable extends RuntimeException {
    public ThirdPartyUnavailable(String detail) {
        super(detail, null, false, false);
    }
}
