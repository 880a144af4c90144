package io.switchboard.common.redis;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * One Redis pub/sub subscription that expects its connection to drop. It subscribes again by itself
 * (capped exponential backoff), and after every re-subscribe (not the first) it calls its owner's
 * {@code resync} hook, because messages published while it was away are gone: the owner re-reads the
 * state it may have missed. A heartbeat published on its first channel proves the connection still
 * delivers (a half-open TCP link or a Redis that lost the subscriber says nothing); a heartbeat not
 * heard in time counts as a lost connection. {@link #up()} and {@link #reason()} feed readiness.
 *
 * <p>Made by {@link RedisSubscriptions#open}; callbacks run on a Vert.x event loop and must not block.
 */
public final class RedisSubscription {
    static final String HEARTBEAT_PREFIX = "__sb_heartbeat__:";

    private final String name;
    private final List<String> channels;
    private final BiConsumer<String, String> onMessage;
    private final Runnable resync;
    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final RedisSubscriptionConfig config;
    private final String heartbeat = HEARTBEAT_PREFIX + UUID.randomUUID();

    private volatile ReactiveRedisSubscriber subscriber;
    private volatile boolean up;
    private volatile boolean everUp;
    private volatile boolean stopped;
    private volatile String reason = "not subscribed yet";
    private volatile Instant downSince = Instant.now();
    private volatile long generation;
    private volatile long heartbeatSent;
    private volatile long heartbeatHeard;
    private long heartbeatTimer = -1;
    private volatile int attempt;

    RedisSubscription(String name, List<String> channels, BiConsumer<String, String> onMessage, Runnable resync,
                      ReactiveRedisDataSource redis, Vertx vertx, RedisSubscriptionConfig config) {
        this.name = name;
        this.channels = List.copyOf(channels);
        this.onMessage = onMessage;
        this.resync = resync;
        this.redis = redis;
        this.vertx = vertx;
        this.config = config;
    }

    public String name() {
        return name;
    }

    /** True while the subscription is established and its last heartbeat came back. */
    public boolean up() {
        return up;
    }

    /** Why it is down (empty string while up). */
    public String reason() {
        return up ? "" : reason + " (since " + downSince + ")";
    }

    void start() {
        subscribe();
        Duration every = config.heartbeatInterval();
        if (!every.isZero() && !every.isNegative()) {
            heartbeatTimer = vertx.setPeriodic(every.toMillis(), id -> beat());
        }
    }

    void stop() {
        stopped = true;
        up = false;
        reason = "stopped";
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        ReactiveRedisSubscriber s = subscriber;
        if (s != null) {
            s.unsubscribe().subscribe().with(v -> { }, t -> { });
        }
    }

    private void subscribe() {
        if (stopped) {
            return;
        }
        long mine = ++generation;
        redis.pubsub(String.class)
                .subscribe(channels, (channel, message) -> message(mine, channel, message), () -> ended(mine, "connection ended"),
                        failure -> Log.warnf("[subscription %s] error: %s", name, failure.getMessage()))
                .subscribe().with(s -> established(mine, s), failure -> {
                    down(mine, "cannot subscribe: " + failure.getMessage());
                    retryLater();
                });
    }

    private void established(long mine, ReactiveRedisSubscriber s) {
        if (mine != generation || stopped) {
            s.unsubscribe().subscribe().with(v -> { }, t -> { });
            return;
        }
        subscriber = s;
        attempt = 0;
        heartbeatHeard = heartbeatSent;
        up = true;
        boolean again = everUp;
        everUp = true;
        if (again) {
            Log.infof("[subscription %s] subscribed again to %s after %d ms; resyncing", name, channels,
                    Duration.between(downSince, Instant.now()).toMillis());
            try {
                resync.run();
            } catch (RuntimeException e) {
                Log.errorf(e, "[subscription %s] resync failed", name);
            }
        } else {
            Log.infof("[subscription %s] subscribed to %s", name, channels);
        }
    }

    private void message(long mine, String channel, String message) {
        if (message != null && message.startsWith(HEARTBEAT_PREFIX)) {
            if (mine == generation && message.equals(heartbeat)) {
                heartbeatHeard = heartbeatSent;
            }
            return;
        }
        try {
            onMessage.accept(channel, message);
        } catch (RuntimeException e) {
            Log.warnf("[subscription %s] message not handled: %s", name, e.getMessage());
        }
    }

    private void ended(long mine, String why) {
        if (mine != generation || stopped || !up) {
            return; // an older attempt's end, or a second end of this one (heartbeat, then the unsubscribe): one retry only
        }
        Log.warnf("[subscription %s] %s; subscribing again", name, why);
        down(mine, why);
        retryLater();
    }

    private void down(long mine, String why) {
        if (mine != generation) {
            return;
        }
        if (up) {
            downSince = Instant.now();
        }
        up = false;
        reason = why;
    }

    /** Publishes a heartbeat; the previous one not heard back means the link no longer delivers. */
    private void beat() {
        if (stopped || !up) {
            return;
        }
        if (heartbeatHeard != heartbeatSent) {
            long mine = generation;
            ReactiveRedisSubscriber old = subscriber;
            ended(mine, "heartbeat not heard back within " + config.heartbeatInterval().toMillis() + " ms");
            if (old != null) {
                old.unsubscribe().subscribe().with(v -> { }, t -> { });
            }
            return;
        }
        heartbeatSent++;
        redis.pubsub(String.class).publish(channels.get(0), heartbeat)
                .subscribe().with(v -> { }, t -> Log.debugf("[subscription %s] heartbeat not published: %s", name, t.getMessage()));
    }

    private void retryLater() {
        if (stopped) {
            return;
        }
        long min = Math.max(1, config.minBackoff().toMillis());
        long max = Math.max(min, config.maxBackoff().toMillis());
        long delay = Math.min(max, min << Math.min(attempt++, 16));
        long jittered = Math.min(max, delay + (long) (Math.random() * (delay / 4 + 1))); // replicas do not retry in step
        vertx.setTimer(Math.max(1, jittered), id -> subscribe());
    }
}
