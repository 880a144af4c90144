package io.switchboard.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;

/**
 * "One live connection per device" across replicas: when a device connects to this gateway while
 * another gateway still holds an older socket, this gateway publishes a kick on Redis; the holder
 * closes the older socket with 4500.
 */
@ApplicationScoped
public class Kicks {
    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final GatewayConfig config;
    private final Instance<DeviceLink> link;
    private final LocalDevices local;

    Kicks(ReactiveRedisDataSource redis, ObjectMapper json, GatewayConfig config, Instance<DeviceLink> link,
          LocalDevices local) {
        this.redis = redis;
        this.json = json;
        this.config = config;
        this.link = link;
        this.local = local;
    }

    void listen(@Observes StartupEvent start) {
        redis.pubsub(String.class).subscribe(PresenceKeys.KICK_CHANNEL, this::onKick)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(s -> Log.debug("listening for presence kicks"),
                        t -> Log.errorf(t, "cannot listen for presence kicks"));
    }

    /** Asks {@code gateway} to close the device's connection {@code connectionId}. */
    public void kick(String gateway, String deviceId, String connectionId) {
        String message = json.createObjectNode().put("gateway", gateway).put("deviceId", deviceId)
                .put("connectionId", connectionId).toString();
        redis.pubsub(String.class).publish(PresenceKeys.KICK_CHANNEL, message)
                .subscribe().with(v -> { }, t -> Log.warnf(t, "[device %s] kick not published", deviceId));
    }

    private void onKick(String message) {
        try {
            JsonNode kick = json.readTree(message);
            if (!config.instanceId().equals(kick.path("gateway").asText())) {
                return;
            }
            String deviceId = kick.path("deviceId").asText();
            local.find(deviceId).filter(c -> c.id().equals(kick.path("connectionId").asText()))
                    .ifPresent(older -> link.get().retire(older, deviceId));
        } catch (Exception e) {
            Log.warnf("ignoring an unreadable presence kick: %s", e.getMessage());
        }
    }
}
