package io.switchboard.common.limit;

import java.time.Duration;

/**
 * One connection's message allowance: a token bucket holding up to {@code burst} messages, refilled at
 * {@code perSecond}; a message finding the bucket empty is refused (a strike). More than {@code maxStrikes}
 * strikes within {@code strikeWindow} means the client keeps going after being told: the verdict is then
 * {@link Outcome#EXCEEDED}, for good. Pure logic with the clock passed in ({@link System#nanoTime()});
 * one instance per connection, thread-safe.
 */
public final class MessageRate {

    /** What to do with one message. */
    public enum Outcome {
        /** Within the allowance: handle it. */
        ADMITTED,
        /** Over the allowance: refuse it (answer -32007 with {@code retryAfterMs}, or drop a notification). */
        LIMITED,
        /** Refused too often: close the connection (1008). */
        EXCEEDED
    }

    /**
     * @param retryAfterMs when one more message would be admitted (0 when admitted)
     * @param first        the first verdict of this outcome on the connection (log it once, not per message)
     */
    public record Verdict(Outcome outcome, long retryAfterMs, boolean first) {
        public boolean admitted() {
            return outcome == Outcome.ADMITTED;
        }
    }

    /** The limits; {@code burst >= 1}, {@code perSecond > 0}, {@code maxStrikes >= 0}. */
    public record Limits(int burst, double perSecond, int maxStrikes, Duration strikeWindow) {
        public Limits {
            if (burst < 1 || !(perSecond > 0) || maxStrikes < 0 || strikeWindow.isNegative() || strikeWindow.isZero()) {
                throw new IllegalArgumentException("invalid message rate limits: " + burst + " burst, " + perSecond
                        + "/s, " + maxStrikes + " strikes per " + strikeWindow);
            }
        }
    }

    private final Limits limits;
    private final long windowNanos;
    private double tokens;
    private long refilledAt;
    private long windowStart;
    private int strikes;
    private boolean limitedBefore;
    private boolean exceeded;

    public MessageRate(Limits limits, long nowNanos) {
        this.limits = limits;
        this.windowNanos = limits.strikeWindow().toNanos();
        this.tokens = limits.burst();
        this.refilledAt = nowNanos;
        this.windowStart = nowNanos;
    }

    /** Takes one message's token, or counts a strike. */
    public synchronized Verdict take(long nowNanos) {
        if (exceeded) {
            return new Verdict(Outcome.EXCEEDED, 0, false);
        }
        long elapsed = Math.max(0, nowNanos - refilledAt);
        tokens = Math.min(limits.burst(), tokens + elapsed * limits.perSecond() / 1e9);
        refilledAt = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return new Verdict(Outcome.ADMITTED, 0, false);
        }
        if (nowNanos - windowStart > windowNanos) {
            windowStart = nowNanos;
            strikes = 0;
        }
        if (++strikes > limits.maxStrikes()) {
            exceeded = true;
            return new Verdict(Outcome.EXCEEDED, 0, true);
        }
        boolean first = !limitedBefore;
        limitedBefore = true;
        long retryAfterMs = Math.max(1, (long) Math.ceil((1 - tokens) / limits.perSecond() * 1000));
        return new Verdict(Outcome.LIMITED, retryAfterMs, first);
    }

    /** Refusals counted in the current strike window. */
    public synchronized int strikes() {
        return strikes;
    }
}
