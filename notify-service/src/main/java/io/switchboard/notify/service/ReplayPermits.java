package io.switchboard.notify.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.notify.config.NotifyLimits;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code notify.limits.concurrent-replays} {@code since} replays per socket, from the history read to
 * the last replayed event written: each holds up to {@code notify.history.max-count} events of up to
 * {@code notify.max-event-bytes} in memory, so a socket holds at most replays x count x size of history
 * (2 x 1,000 x 32 KiB = 64 MiB by default) however many subscribes it sends.
 */
@ApplicationScoped
public class ReplayPermits {
    private static final UserData.TypedKey<AtomicInteger> KEY = new UserData.TypedKey<>("switchboard.notify.replays");

    private final NotifyLimits limits;
    private final Counter refused;

    ReplayPermits(NotifyLimits limits, MeterRegistry registry) {
        this.limits = limits;
        this.refused = Counter.builder("switchboard.socket.limits").description("messages and connections refused by a limit")
                .tags("endpoint", "notifications", "limit", "concurrent_replays", "outcome", "limited").register(registry);
    }

    /**
     * Takes a permit for one replay; false (and counted) when the socket already runs the most allowed. Called from the
     * socket's request handling (one at a time per socket); a permit taken must be given back with {@link #release}.
     */
    public boolean tryAcquire(WebSocketConnection connection) {
        AtomicInteger running = connection.userData().get(KEY);
        if (running == null) {
            running = new AtomicInteger();
            connection.userData().put(KEY, running);
        }
        if (running.incrementAndGet() > limits.concurrentReplays()) {
            running.decrementAndGet();
            refused.increment();
            Log.debugf("[socket %s] %d replays running: subscribe with since refused", connection.id(), limits.concurrentReplays());
            return false;
        }
        return true;
    }

    public void release(WebSocketConnection connection) {
        AtomicInteger running = connection.userData().get(KEY);
        if (running != null) {
            running.decrementAndGet();
        }
    }

    /** The {@code retryAfterMs} of a refused subscribe. */
    public long retryAfterMs() {
        return limits.replayRetryAfter().toMillis();
    }
}
