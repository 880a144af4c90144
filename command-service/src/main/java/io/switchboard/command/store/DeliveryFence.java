package io.switchboard.command.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.common.wire.DeliveryKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Fences a command that could not be handed to Kafka in time, so that no gateway ever delivers it: it
 * takes the gateways' deliver-once key {@code sb:gateway:sent:<commandId>} itself (SET NX, TTL
 * {@code commands.fence-ttl}, the gateways' {@code gateway.delivery-memory}). A gateway writes a command
 * to the socket only after winning that key (device-gateway {@code DeliveryLog}), so whoever wins decides:
 * the fence (never delivered) or a gateway (handed over, delivered).
 */
@ApplicationScoped
public class DeliveryFence {
    /** The value of a fence, which gateways recognise. */
    public static final String FENCE = DeliveryKeys.FENCE;

    private final ReactiveRedisDataSource redis;
    private final CommandConfig config;

    DeliveryFence(ReactiveRedisDataSource redis, CommandConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** True when the fence was set (no gateway had claimed the command), false when a gateway was first. */
    public Uni<Boolean> fence(String commandId) {
        return fence(commandId, config.fenceTtl());
    }

    /** The same, held for at least {@code atLeast} (a cancelled queued command: as long as its entry could still be read). */
    public Uni<Boolean> fence(String commandId, Duration atLeast) {
        long ttl = Math.max(config.fenceTtl().toMillis(), atLeast.toMillis());
        return redis.execute("SET", key(commandId), FENCE, "NX", "PX", Long.toString(ttl))
                .map(r -> r != null && "OK".equals(r.toString()));
    }

    public static String key(String commandId) {
        return DeliveryKeys.sent(commandId);
    }
}
