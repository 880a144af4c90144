package io.switchboard.gateway.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.wire.DeliveryKeys;
import io.switchboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Remembers, across gateway replicas and restarts, which command ids were written to a device socket,
 * so a command redelivered by Kafka (or seen by two gateways during a hand-over) is sent once. The key
 * {@code sb:gateway:sent:<commandId>} holds the device id; command-service writes {@link #FENCE} there
 * instead when Kafka did not take the command in time, and then no gateway may ever deliver it.
 */
@ApplicationScoped
public class DeliveryLog {
    /** Value command-service writes to fence a command it gave up on. */
    public static final String FENCE = DeliveryKeys.FENCE;

    /** Who holds a command's deliver-once key after a claim. */
    public enum Claim {
        /** This call claimed it: write the command. */
        FIRST,
        /** A gateway claimed it before (redelivery, hand-over): already written. */
        ALREADY_SENT,
        /** command-service fenced it: never to be written. */
        FENCED
    }

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;

    DeliveryLog(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Claims the command's delivery; when another holds it, reads who (only then: one round trip normally). */
    public Uni<Claim> claim(String commandId, String deviceId) {
        return redis.execute("SET", DeliveryKeys.sent(commandId), deviceId, "NX", "PX", Long.toString(config.deliveryMemory().toMillis()))
                .chain(r -> r != null && "OK".equals(r.toString()) ? Uni.createFrom().item(Claim.FIRST)
                        : redis.value(String.class).get(DeliveryKeys.sent(commandId))
                                .map(holder -> FENCE.equals(holder) ? Claim.FENCED : Claim.ALREADY_SENT));
    }

    /** Forgets a claim whose write to the socket failed, so a redelivery may try again. */
    public Uni<Void> forget(String commandId) {
        return redis.key().del(DeliveryKeys.sent(commandId)).replaceWithVoid();
    }
}
