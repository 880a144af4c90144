package io.switchboard.command.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fences a command that could not be handed to Kafka in time, so that no gateway ever delivers it: it
 * takes the gateways' deliver-once key {@code sb:gateway:sent:<commandId>} itself (SET NX, TTL
 * {@code commands.fence-ttl}, the gateways' {@code gateway.delivery-memory}). A gateway writes a command
 * to the socket only after winning that key (device-gateway {@code DeliveryLog}), so whoever wins decides:
 * the fence (never delivered) or a gateway (handed over, delivered).
 */
@ApplicationScoped
public class DeliveryFence {
    /** The gateways' key prefix (device-gateway {@code DeliveryLog}); a gateway stores the device id there. */
    static final String KEY_PREFIX = "sb:gateway:sent:";
    /** The value of a fence, which gateways recognise (device-gateway {@code DeliveryLog.FENCE}). */
    public static final String FENCE = "fenced-by-command-service";

    private final ReactiveRedisDataSource redis;
    private final CommandConfig config;

    DeliveryFence(ReactiveRedisDataSource redis, CommandConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** True when the fence was set (no gateway had claimed the command), false when a gateway was first. */
    public Uni<Boolean> fence(String commandId) {
        return redis.execute("SET", key(commandId), FENCE, "NX", "PX", Long.toString(config.fenceTtl().toMillis()))
                .map(r -> r != null && "OK".equals(r.toString()));
    }

    public static String key(String commandId) {
        return KEY_PREFIX + commandId;
    }
}
