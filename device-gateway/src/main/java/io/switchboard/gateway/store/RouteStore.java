package io.switchboard.gateway.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.presence.GatewayRoute;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.common.redis.LuaScript;
import io.switchboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Routes in Redis: {@code sb:gateway:route:<instance>} names the partitions of {@code device.commands} this gateway
 * reads now (TTL {@code gateway.presence-ttl}, refreshed with presence), so command-service writes each command to
 * the partition of the gateway that holds the device. Also the look-up of where a device is now, for a command that
 * arrived at a gateway that no longer holds it.
 */
@ApplicationScoped
public class RouteStore {
    private static final LuaScript DEVICE_ROUTE = LuaScript.load("lua/device-route.lua");

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;

    RouteStore(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Stores this gateway's route (deletes it when it reads no partition). */
    public Uni<Void> publish(GatewayRoute route) {
        String key = PresenceKeys.route(config.instanceId());
        if (!route.known()) {
            return redis.key(String.class).del(key).replaceWithVoid();
        }
        return redis.value(String.class).set(key, route.format(), new SetArgs().px(config.presenceTtl().toMillis()));
    }

    /** Where the device is now: the gateway holding it and that gateway's route; empty when no gateway holds it. */
    public Uni<Optional<Located>> locate(String deviceId) {
        return DEVICE_ROUTE.run(redis, "1", PresenceKeys.device(deviceId), PresenceKeys.ROUTE_PREFIX)
                .map(r -> r == null ? Optional.<Located>empty()
                        : Optional.of(new Located(r.get(0).toString(), GatewayRoute.parse(r.get(1).toString()))));
    }

    /** The gateway that holds a device ({@code ""} when its presence cannot be read) and its route. */
    public record Located(String gateway, GatewayRoute route) { }
}
