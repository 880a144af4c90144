package io.switchboard.notify.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.notify.domain.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;

/**
 * On shutdown (SIGTERM) closes every browser socket with 1012 "service restart": browsers reconnect at
 * once, reach another replica through the ingress and recover what they missed with {@code since}.
 * Needs {@code quarkus.shutdown.delay-enabled=true}, which makes Quarkus announce the shutdown before the
 * HTTP server goes down (otherwise the server closes the sockets first, with 1000).
 */
@ApplicationScoped
class GracefulShutdown {
    private final OpenConnections connections;

    GracefulShutdown(OpenConnections connections) {
        this.connections = connections;
    }

    /** Shutdown starts (SIGTERM): runs before the HTTP server closes the remaining sockets with 1000. */
    void onShutdownStarting(@Observes ShutdownDelayInitiatedEvent event) {
        closeAll();
    }

    /** Fallback when the shutdown-delay hook is not installed. */
    void onStop(@Observes ShutdownEvent event) {
        closeAll();
    }

    private void closeAll() {
        List<Uni<Void>> closes = connections.stream()
                .filter(c -> c.userData().get(SocketSession.KEY) != null && c.isOpen())
                .peek(c -> c.userData().get(SocketSession.KEY).markClosing())
                .map(c -> c.close(new CloseReason(CloseCodes.RESTART, "service restart")).onFailure().recoverWithNull())
                .toList();
        if (closes.isEmpty()) {
            return;
        }
        Log.infof("closing %d browser sockets with 1012 before shutdown", closes.size());
        try {
            Uni.join().all(closes).andCollectFailures().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            Log.warnf("not every browser socket closed cleanly: %s", e.getMessage());
        }
    }
}
