package io.switchboard.bench.proc;

import java.util.concurrent.locks.LockSupport;

/** Sleeps of the load generator itself (pacing, settling), never a wait for a result. */
public final class Pause {
    private Pause() {
    }

    public static void millis(long ms) {
        long until = System.nanoTime() + ms * 1_000_000;
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** Parks until {@code nanoTime} reaches {@code when}. */
    public static void until(long when) {
        long left;
        while ((left = when - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, 200_000));
        }
    }
}
