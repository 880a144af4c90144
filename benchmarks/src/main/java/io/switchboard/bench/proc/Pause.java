package io.switchboard.bench.proc;

import java.util.concurrent.locks.LockSupport;

/**
 * The load generator's own pauses, never code of a system under test: pacing an open-loop schedule
 * ({@link #until}), letting a server settle before a measurement, and the poll interval of the
 * generator's waits (a started process becoming ready, counts of answers or deliveries reaching their
 * total before a deadline). Both methods park the calling thread; neither returns early.
 */
public final class Pause {
    private Pause() {
    }

    /** Parks for {@code ms} milliseconds (again after a spurious wake-up, so never shorter). */
    public static void millis(long ms) {
        long until = System.nanoTime() + ms * 1_000_000;
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * Parks until {@link System#nanoTime()} reaches {@code when}, in slices of at most 0.2 ms so that a
     * paced send leaves close to its intended time (a coarser park would overshoot).
     */
    public static void until(long when) {
        long left;
        while ((left = when - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, 200_000));
        }
    }
}
