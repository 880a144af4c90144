package io.switchboard.gateway.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.CloseCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;

/**
 * On shutdown (SIGTERM) closes every device socket with 1012 "service restart", so machines reconnect
 * at once, and through the ingress reach another replica.
 */
@ApplicationScoped
public class GracefulShutdown {
    private final LocalDevices local;

    GracefulShutdown(LocalDevices local) {
        this.local = local;
    }

    void onStop(@Observes ShutdownEvent event) {
        int n = local.size();
        if (n == 0) {
            return;
        }
        Log.infof("closing %d device sockets with 1012 before shutdown", n);
        List<Uni<Void>> closes = local.all().stream()
                .map(c -> c.close(new CloseReason(CloseCodes.RESTART, "service restart")).onFailure().recoverWithNull())
                .toList();
        try {
            Uni.join().all(closes).andCollectFailures().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            Log.warnf("not every device socket closed cleanly: %s", e.getMessage());
        }
    }
}
