package io.switchboard.system.faults.platform;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How long a fault lasts. This is the one place the fault tests let time pass on purpose: an outage
 * has a length (the "10 s Redis outage"), it is not a wait for a condition.
 */
public final class Outage {
    private Outage() {
    }

    /** Keeps the fault in place for {@code length}. */
    public static void hold(Duration length) {
        long until = System.nanoTime() + length.toNanos();
        for (long left = length.toNanos(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
