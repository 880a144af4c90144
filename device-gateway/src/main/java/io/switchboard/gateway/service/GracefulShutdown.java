package io.switchboard.gateway.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.CloseCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;

/**
 * On shutdown (SIGTERM) closes every device socket with 1012 "service restart", so machines reconnect
 * at once, and through the ingress reach another replica. It runs when the shutdown delay starts
 * ({@code quarkus.shutdown.delay}: readiness is already down, the HTTP server still up), because once
 * the HTTP server stops, Vert.x closes the sockets itself with 1000.
 */
@ApplicationScoped
public class GracefulShutdown {
    private final LocalDevices local;
    private volatile boolean draining;

    GracefulShutdown(LocalDevices local) {
        this.local = local;
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        closeAll();
    }

    void onStop(@Observes ShutdownEvent event) {
        closeAll(); // without a shutdown delay: whatever is still open
    }

    /** True once shutdown began: new device connections are refused (they should go to another replica). */
    public boolean draining() {
        return draining;
    }

    private void closeAll() {
        draining = true;
        int n = local.size();
        if (n == 0) {
            return;
        }
        Log.infof("closing %d device sockets with 1012 before shutdown", n);
        List<Uni<Void>> closes = local.all().stream()
                .map(c -> c.close(CloseCodes.RESTART, "service restart").onFailure().recoverWithNull())
                .toList();
        try {
            Uni.join().all(closes).andCollectFailures().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            Log.warnf("not every device socket closed cleanly: %s", e.getMessage());
        }
    }
}
