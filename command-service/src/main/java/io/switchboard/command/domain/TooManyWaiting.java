package io.switchboard.command.domain;

/** This instance already holds its maximum of commands whose callers wait for the answer. */
public final class TooManyWaiting extends RuntimeException {
    private final int max;

    public TooManyWaiting(int max) {
        super("This instance already holds " + max + " waiting commands; retry shortly", null, false, false);
        this.max = max;
    }

    public int max() {
        return max;
    }
}
