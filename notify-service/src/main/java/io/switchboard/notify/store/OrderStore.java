package io.switchboard.notify.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.OrderRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/** Orders known from their order.placed events, and the per-order reminder throttle, in Redis. */
@ApplicationScoped
public class OrderStore {
    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final NotifyConfig config;

    OrderStore(ReactiveRedisDataSource redis, ObjectMapper json, NotifyConfig config) {
        this.redis = redis;
        this.json = json;
        this.config = config;
    }

    public Uni<Void> remember(OrderRef order) {
        String value;
        try {
            value = json.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("order not serializable", e));
        }
        return redis.value(String.class).set(RedisKeys.order(order.orderId()), value, new SetArgs().px(config.orders().ttl()))
                .onFailure().transform(StoreUnavailableException::classify);
    }

    public Uni<Optional<OrderRef>> find(String orderId) {
        return redis.value(String.class).get(RedisKeys.order(orderId))
                .onFailure().transform(StoreUnavailableException::classify)
                .map(v -> Optional.ofNullable(v).map(this::read));
    }

    /**
     * Claims the right to remind about the order now (SET NX PX). Empty when claimed; otherwise how long
     * until the next reminder is allowed.
     */
    public Uni<Optional<Duration>> claimReminder(String orderId) {
        String key = RedisKeys.reminder(orderId);
        long ms = config.orders().reminderInterval().toMillis();
        return redis.execute("SET", key, "1", "NX", "PX", Long.toString(ms)).chain(r -> {
            if (r != null && "OK".equals(r.toString())) {
                return Uni.createFrom().item(Optional.<Duration>empty());
            }
            return redis.key().pttl(key).map(left -> Optional.of(Duration.ofMillis(left > 0 ? left : ms)));
        }).onFailure().transform(StoreUnavailableException::classify);
    }

    private OrderRef read(String value) {
        try {
            return json.readValue(value, OrderRef.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable order record", e);
        }
    }
}
