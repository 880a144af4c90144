package io.switchboard.common.redis;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Opens this process' Redis pub/sub subscriptions ({@link RedisSubscription}), keeps the list for
 * readiness ({@link RedisSubscriptionsReadiness}) and closes them at shutdown. Each use has its own
 * {@code store/*Feed} in its service: it names the channels, decodes a message into its type and hands it
 * to its owner. Each subscription is also the gauge {@code switchboard_redis_subscription_up{subscription}}: 1 while
 * it is up, 0 while it is down (deploy/monitoring alerts on it).
 */
@ApplicationScoped
public class RedisSubscriptions {
    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final RedisSubscriptionConfig config;
    private final MeterRegistry registry;
    private final List<RedisSubscription> open = new CopyOnWriteArrayList<>();

    RedisSubscriptions(ReactiveRedisDataSource redis, Vertx vertx, RedisSubscriptionConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
    }

    /** Turns one message into the feed's type; throws when it cannot (the message is then logged and skipped). */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(String message) throws Exception;
    }

    /**
     * Subscribes to {@code channels} now and keeps the subscription alive.
     *
     * @param name      what readiness and logs call it
     * @param decoder   reads each message
     * @param onMessage each message read, on an event loop
     * @param resync    run after every re-subscribe: re-read what may have been missed
     */
    public <T> RedisSubscription open(String name, List<String> channels, Decoder<T> decoder, Consumer<T> onMessage,
                                      Runnable resync) {
        RedisSubscription s = new RedisSubscription(name, channels, (channel, message) -> {
            T value;
            try {
                value = decoder.decode(message);
            } catch (Exception e) {
                Log.warnf("[subscription %s] ignoring an unreadable message: %s", name, e.getMessage());
                return;
            }
            onMessage.accept(value);
        }, resync, redis, vertx, config);
        open.add(s);
        Gauge.builder("switchboard.redis.subscription.up", s, sub -> sub.up() ? 1 : 0).tag("subscription", name)
                .description("1 while this Redis pub/sub subscription is up (subscribed, heartbeat heard), else 0")
                .register(registry);
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
