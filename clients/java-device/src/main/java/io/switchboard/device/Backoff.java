package io.switchboard.device;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: a uniform draw between {@code min} and an exponential step ({@code 2 min}, {@code 4 min}, ...)
 * capped at {@code max}, so a fleet that lost its gateway at once does not come back at once, not even on the first
 * attempt.
 *
 * @param min the first delay, and the floor of every delay
 * @param max the cap of every delay
 */
public record Backoff(Duration min, Duration max) {
    /** 250 ms, then up to 30 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

    public Backoff {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, not " + min + ".." + max);
        }
    }

    /** The delay before reconnect attempt {@code attempt} (0 for the first after a loss), in milliseconds. */
    public long delayMs(int attempt, RandomGenerator random) {
        long minMs = min.toMillis();
        long maxMs = max.toMillis();
        long step = attempt >= 30 ? maxMs : Math.min(maxMs, minMs * (2L << Math.max(attempt, 0)));
        return minMs + random.nextLong(step - minMs + 1);
    }
}
