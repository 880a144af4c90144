package io.switchboard.gateway.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Remembers, across gateway replicas and restarts, which command ids were written to a device socket,
 * so a command redelivered by Kafka (or seen by two gateways during a hand-over) is sent once.
 */
@ApplicationScoped
public class DeliveryLog {
    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;

    DeliveryLog(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** True when this call is the first to claim the command's delivery. */
    public Uni<Boolean> claim(String commandId, String deviceId) {
        return redis.execute("SET", "sb:gateway:sent:" + commandId, deviceId, "NX", "PX",
                        Long.toString(config.deliveryMemory().toMillis()))
                .map(r -> r != null && "OK".equals(r.toString()));
    }

    /** Forgets a claim whose write to the socket failed, so a redelivery may try again. */
    public Uni<Void> forget(String commandId) {
        return redis.key().del("sb:gateway:sent:" + commandId).replaceWithVoid();
    }
}
