package io.switchboard.gateway.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.common.presence.DevicePresence;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.domain.DeviceChannel;
import io.switchboard.gateway.domain.DeviceSession;
import io.switchboard.gateway.domain.Kick;
import io.switchboard.gateway.messaging.AssignmentTracker;
import io.switchboard.gateway.store.KickFeed;
import io.switchboard.gateway.store.PresenceStore;
import io.switchboard.gateway.store.RouteStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;

/**
 * "One live connection per device" across replicas: when a device connects to this gateway while
 * another gateway still holds an older socket, this gateway publishes a kick on Redis ({@link KickFeed});
 * the holder closes the older socket with 4500. Kicks published while this gateway's subscription was down are
 * lost, so after every re-subscribe it reconciles its sockets with the stored presence: a socket whose
 * presence names another connection was replaced meanwhile and is retired; a socket whose presence is
 * gone (Redis lost its data) claims it again, so commands find the device.
 */
@ApplicationScoped
class Kicks {
    private final KickFeed feed;
    private final GatewayConfig config;
    private final Instance<DeviceLink> link;
    private final LocalDevices local;
    private final PresenceStore presence;
    private final RouteStore routes;
    private final AssignmentTracker assignment;

    Kicks(KickFeed feed, GatewayConfig config, Instance<DeviceLink> link, LocalDevices local, PresenceStore presence,
          RouteStore routes, AssignmentTracker assignment) {
        this.routes = routes;
        this.assignment = assignment;
        this.feed = feed;
        this.config = config;
        this.link = link;
        this.local = local;
        this.presence = presence;
    }

    void listen(@Observes StartupEvent start) {
        feed.listen(this::onKick, this::reconcile);
    }

    /** Asks {@code gateway} to close the device's connection {@code connectionId}. */
    public void kick(String gateway, String deviceId, String connectionId) {
        feed.publish(new Kick(gateway, deviceId, connectionId));
    }

    private void onKick(Kick kick) {
        if (!config.instanceId().equals(kick.gateway())) {
            return;
        }
        local.find(kick.deviceId()).filter(c -> c.id().equals(kick.connectionId()))
                .ifPresent(older -> link.get().retire(older, kick.deviceId()));
    }

    /** After a re-subscribe: applies the kicks that may have been missed, and restores lost presence and this gateway's route. */
    void reconcile() {
        routes.publish(assignment.route()).subscribe().with(v -> { },
                t -> Log.warnf("route not restored after a Redis re-subscribe: %s", t.getMessage()));
        Map<String, DeviceChannel> mine = new HashMap<>();
        for (DeviceChannel c : local.all()) {
            DeviceSession s = c.session();
            if (c.isOpen() && !s.replaced()) {
                mine.put(s.deviceId(), c);
            }
        }
        presence.current(mine.keySet()).subscribe().with(stored -> {
            int retired = 0;
            int restored = 0;
            for (Map.Entry<String, DeviceChannel> e : mine.entrySet()) {
                String deviceId = e.getKey();
                DeviceChannel c = e.getValue();
                DevicePresence p = stored.get(deviceId);
                if (p == null) {
                    presence.claim(new DevicePresence(deviceId, config.instanceId(), c.id(), c.session().connectedAt()))
                            .subscribe().with(prev -> { }, t -> Log.warnf("[device %s] presence not restored: %s", deviceId, t.getMessage()));
                    restored++;
                } else if (!c.id().equals(p.connectionId())) {
                    link.get().retire(c, deviceId);
                    retired++;
                }
            }
            Log.infof("presence reconciled after a Redis re-subscribe: %d sockets, %d replaced meanwhile, %d restored",
                    mine.size(), retired, restored);
        }, t -> Log.warnf("presence not reconciled after a Redis re-subscribe: %s", t.getMessage()));
    }
}
