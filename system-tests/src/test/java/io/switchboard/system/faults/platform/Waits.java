package io.switchboard.system.faults.platform;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/** Awaitility with the platform's poll interval: waits on a condition, never a fixed sleep. */
public final class Waits {
    private Waits() {
    }

    /** Polls {@code condition} every 50 ms until it is true; fails after {@code atMost}. */
    public static void until(String what, Duration atMost, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(50)).pollDelay(Duration.ZERO)
                .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException)).until(condition);
    }

    /** Like {@link #until} and returns how long the condition took to hold, in milliseconds. */
    public static long timed(String what, Duration atMost, Callable<Boolean> condition) {
        long start = System.nanoTime();
        until(what, atMost, condition);
        return (System.nanoTime() - start) / 1_000_000;
    }
}
