package io.switchboard.device;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code min}, capped at {@code max}, with full jitter (a uniform draw from 0 to
 * the exponential step, never below {@code min}), so a fleet that lost its gateway at once does not come back at once.
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
        long step = attempt >= 30 ? maxMs : Math.min(maxMs, minMs * (1L << Math.max(attempt, 0)));
        return Math.max(minMs, random.nextLong(step + 1));
    }
}
