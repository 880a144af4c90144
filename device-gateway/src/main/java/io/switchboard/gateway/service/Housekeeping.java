package io.switchboard.gateway.service;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.domain.DeviceChannel;
import io.switchboard.gateway.domain.DeviceSession;
import io.switchboard.gateway.messaging.AssignmentTracker;
import io.switchboard.gateway.store.PresenceStore;
import io.switchboard.gateway.store.RouteStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Periodic work: close idle sockets and sockets whose token expired; keep presence and this gateway's route alive. */
@ApplicationScoped
class Housekeeping {
    private final LocalDevices local;
    private final PresenceStore presence;
    private final GatewayConfig config;
    private final RouteStore routes;
    private final AssignmentTracker assignment;

    Housekeeping(LocalDevices local, PresenceStore presence, GatewayConfig config, RouteStore routes,
                 AssignmentTracker assignment) {
        this.local = local;
        this.presence = presence;
        this.routes = routes;
        this.assignment = assignment;
        this.config = config;
    }

    @Scheduled(every = "${gateway.sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long idleLimit = config.idleTimeout().toNanos();
        Instant now = Instant.now();
        for (DeviceChannel c : local.all()) {
            DeviceSession s = c.session();
            if (s.closing()) {
                continue;
            }
            if (now.isAfter(s.tokenExpiry())) { // first: an idle device with an expired token must not reconnect with it
                close(c, s, CloseCodes.TOKEN_EXPIRED, "token expired");
            } else if (s.idleNanos() > idleLimit) {
                close(c, s, CloseCodes.IDLE_TIMEOUT, "idle timeout");
            }
        }
    }

    @Scheduled(every = "${gateway.presence-refresh:20s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshPresence() {
        List<String> ids = new ArrayList<>();
        local.all().forEach(c -> {
            if (c.isOpen()) {
                ids.add(c.session().deviceId());
            }
        });
        return routes.publish(assignment.route()) // the route lives as long as presence, and is refreshed with it
                .onFailure().invoke(t -> Log.warnf("route refresh failed: %s", t.getMessage()))
                .onFailure().recoverWithNull()
                .chain(() -> presence.refresh(ids))
                .invoke(n -> Log.debugf("presence refreshed for %d of %d devices", n, (Object) ids.size()))
                .onFailure().invoke(t -> Log.warnf("presence refresh failed: %s", t.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static void close(DeviceChannel c, DeviceSession s, int code, String why) {
        s.markClosing();
        Log.infof("[device %s] closing with %d: %s", s.deviceId(), code, why);
        c.close(code, why).subscribe().with(v -> { }, t -> { });
    }
}
