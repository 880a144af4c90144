package io.switchboard.auth.domain;

/** This instance holds its maximum of waiting long-polls and push sockets. */
public final class TooManyWaiters extends RuntimeException {
    public TooManyWaiters() {
        super("too many waiters", null, false, false);
    }
}
