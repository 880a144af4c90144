package io.switchboard.qrsim;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The qrCodeKeys this third party issued, each known until its deadline: the third party's own memory, not
 * Switchboard's Redis. Expired keys are dropped as new ones are issued, so the map stays as large as the
 * logins of one {@code keyTtl}.
 */
final class IssuedKeys {
    private final Map<String, Long> deadlines = new ConcurrentHashMap<>();
    private final long ttlNanos;

    IssuedKeys(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    void remember(String qrCodeKey) {
        long now = System.nanoTime();
        deadlines.values().removeIf(deadline -> deadline - now < 0);
        deadlines.put(qrCodeKey, now + ttlNanos);
    }

    boolean known(String qrCodeKey) {
        Long deadline = deadlines.get(qrCodeKey);
        return deadline != null && deadline - System.nanoTime() >= 0;
    }
}
