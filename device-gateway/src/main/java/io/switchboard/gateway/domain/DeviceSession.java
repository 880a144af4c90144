package io.switchboard.gateway.domain;

import io.quarkus.websockets.next.UserData;
import java.time.Instant;

/** Per-connection state kept in the connection's {@code userData()}. */
public final class DeviceSession {
    public static final UserData.TypedKey<DeviceSession> KEY = new UserData.TypedKey<>("switchboard.device");

    private final String deviceId;
    private final Instant tokenExpiry;
    private final Instant connectedAt = Instant.now();
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile boolean replaced;

    public DeviceSession(String deviceId, Instant tokenExpiry) {
        this.deviceId = deviceId;
        this.tokenExpiry = tokenExpiry;
    }

    public String deviceId() {
        return deviceId;
    }

    public Instant tokenExpiry() {
        return tokenExpiry;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    /** Any frame from the device, pongs included, counts as a sign of life. */
    public void touch() {
        lastSeenNanos = System.nanoTime();
    }

    public long idleNanos() {
        return System.nanoTime() - lastSeenNanos;
    }

    /** Marks that a newer connection took over, so closing this one must not clear the presence. */
    public void markReplaced() {
        replaced = true;
    }

    public boolean replaced() {
        return replaced;
    }
}
