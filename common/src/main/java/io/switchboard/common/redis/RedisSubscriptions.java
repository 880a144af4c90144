package io.switchboard.common.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Opens this process' Redis pub/sub subscriptions ({@link RedisSubscription}), keeps the list for
 * readiness ({@link RedisSubscriptionsReadiness}) and closes them at shutdown.
 */
@ApplicationScoped
public class RedisSubscriptions {
    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final RedisSubscriptionConfig config;
    private final List<RedisSubscription> open = new CopyOnWriteArrayList<>();

    RedisSubscriptions(ReactiveRedisDataSource redis, Vertx vertx, RedisSubscriptionConfig config) {
        this.redis = redis;
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * Subscribes to {@code channels} now and keeps the subscription alive.
     *
     * @param name      what readiness and logs call it
     * @param onMessage each message (channel, payload), on an event loop
     * @param resync    run after every re-subscribe: re-read what may have been missed
     */
    public RedisSubscription open(String name, List<String> channels, BiConsumer<String, String> onMessage, Runnable resync) {
        RedisSubscription s = new RedisSubscription(name, channels, onMessage, resync, redis, vertx, config);
        open.add(s);
        s.start();
        return s;
    }

    /** Every subscription this process opened. */
    public List<RedisSubscription> all() {
        return List.copyOf(open);
    }

    void stop(@Observes ShutdownEvent event) {
        open.forEach(RedisSubscription::stop);
    }
}
