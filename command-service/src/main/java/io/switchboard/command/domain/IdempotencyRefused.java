package io.switchboard.command.domain;

/**
 * A request whose {@code Idempotency-Key} cannot be honoured: the key itself is invalid, it was used with
 * another request, or the first request with it has not ended yet. The message says which.
 */
public final class IdempotencyRefused extends RuntimeException {
    /** Why the key was refused. */
    public enum Reason { INVALID_KEY, KEY_REUSED, IN_FLIGHT }

    private final Reason reason;

    private IdempotencyRefused(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public static IdempotencyRefused invalidKey(int maxLength) {
        return new IdempotencyRefused(Reason.INVALID_KEY, "An Idempotency-Key is 1 to " + maxLength + " characters");
    }

    public static IdempotencyRefused reused() {
        return new IdempotencyRefused(Reason.KEY_REUSED, "This Idempotency-Key was used with a different request");
    }

    /** The first request's command is not recorded yet. */
    public static IdempotencyRefused inFlight() {
        return new IdempotencyRefused(Reason.IN_FLIGHT, "The first request with this Idempotency-Key is still being processed");
    }

    /** The first request's command has not ended. */
    public static IdempotencyRefused inFlight(CommandRecord first) {
        return new IdempotencyRefused(Reason.IN_FLIGHT,
                "Command " + first.commandId() + " of this Idempotency-Key is still " + first.status());
    }

    public Reason reason() {
        return reason;
    }
}
