package io.switchboard.auth.domain;

import java.time.Duration;

/** The client address started its budget of logins in the current window; the window resets after {@code retryAfter}. */
public final class RateLimited extends RuntimeException {
    private final transient Duration retryAfter;

    public RateLimited(Duration retryAfter) {
        super("rate limited for " + retryAfter, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
