package io.switchboard.gateway.domain;

import io.smallrye.mutiny.Uni;
import io.switchboard.common.limit.MessageRate;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Per-connection state of a device, held by its {@link DeviceChannel}: who it is (the token's {@code sub} and
 * expiry, nothing else of the token), when it was last heard from, its command slots and its message rate.
 * Kept small: there is one per idle device socket.
 */
public final class DeviceSession {

    private final String deviceId;
    private final Instant tokenExpiry;
    private final Instant connectedAt = Instant.now();
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile boolean replaced;
    private volatile boolean closing;
    private final AtomicInteger pending = new AtomicInteger();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile MessageRate rate;

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

    /**
     * Runs async work for this device after the work queued before it (commands reach a device in the
     * order they were sent, while different devices proceed concurrently).
     */
    public synchronized <T> Uni<T> inOrder(Supplier<Uni<T>> work) {
        CompletableFuture<T> next = tail.handle((v, t) -> (Void) null)
                .thenCompose(v -> work.get().subscribeAsCompletionStage());
        tail = next;
        return Uni.createFrom().completionStage(next);
    }

    /** Marks that a newer connection took over, so closing this one must not clear the presence. */
    public void markReplaced() {
        replaced = true;
    }

    public boolean replaced() {
        return replaced;
    }

    /** Takes one of the device's command slots; false when {@code limit} commands are pending already. */
    public boolean reserve(int limit) {
        int n;
        do {
            n = pending.get();
            if (n >= limit) {
                return false;
            }
        } while (!pending.compareAndSet(n, n + 1));
        return true;
    }

    /** Gives back a slot taken by {@link #reserve}. */
    public void release() {
        pending.decrementAndGet();
    }

    /** Commands of this device being written or waiting behind its earlier ones. */
    public int pending() {
        return pending.get();
    }

    /** Marks that the gateway is closing this socket: commands still waiting for it are not written. */
    public void markClosing() {
        closing = true;
    }

    public boolean closing() {
        return closing;
    }

    /** The device's message allowance on this connection, made by {@code create} on its first message. */
    public MessageRate rate(Supplier<MessageRate> create) {
        MessageRate r = rate;
        if (r == null) {
            synchronized (this) {
                r = rate;
                if (r == null) {
                    r = create.get();
                    rate = r;
                }
            }
        }
        return r;
    }
}
