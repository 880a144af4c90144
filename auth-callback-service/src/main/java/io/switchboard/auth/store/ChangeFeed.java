package io.switchboard.auth.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.auth.config.QrConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The one Redis subscription of this process: {@link QrKeys#CHANGES} (state changes published by the
 * store's scripts, from any replica) and expired-key events (deadlines). It re-subscribes after a lost
 * connection and then asks everyone to re-read, since messages sent meanwhile are gone.
 */
@ApplicationScoped
public class ChangeFeed {
    private final ReactiveRedisDataSource redis;
    private final ChangeSink sink;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final QrConfig config;
    private volatile ReactiveRedisSubscriber subscriber;
    private volatile boolean up;
    private volatile boolean stopping;
    private volatile boolean everUp;

    ChangeFeed(ReactiveRedisDataSource redis, ChangeSink sink, ObjectMapper json, Vertx vertx, QrConfig config) {
        this.redis = redis;
        this.sink = sink;
        this.json = json;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        subscribe();
        redis.execute("CONFIG", "GET", "notify-keyspace-events").subscribe().with(this::checkNotifications,
                t -> Log.infof("cannot read notify-keyspace-events (%s): expiry relies on deadlines seen by readers", t.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        ReactiveRedisSubscriber s = subscriber;
        if (s != null) {
            s.unsubscribe().subscribe().with(v -> { }, t -> { });
        }
    }

    /** True while the subscription is established (readiness). */
    public boolean up() {
        return up;
    }

    private void subscribe() {
        redis.pubsub(String.class)
                .subscribeToPatterns(List.of(QrKeys.CHANGES, QrKeys.EXPIRED_EVENTS), this::onMessage, this::onEnd, this::onFailure)
                .subscribe().with(s -> {
                    subscriber = s;
                    up = true;
                    Log.infof("subscribed to %s and %s", QrKeys.CHANGES, QrKeys.EXPIRED_EVENTS);
                    if (everUp) {
                        sink.resync();
                    }
                    everUp = true;
                }, failure -> {
                    Log.warnf("cannot subscribe to Redis pub/sub (%s); retrying", failure.getMessage());
                    retryLater();
                });
    }

    private void checkNotifications(Response r) {
        String flags = r.getKeys().contains("notify-keyspace-events") ? r.get("notify-keyspace-events").toString()
                : r.size() >= 2 ? r.get(1).toString() : "";
        boolean on = flags.contains("E") && (flags.contains("x") || flags.contains("A"));
        if (!on) {
            Log.warnf("Redis notify-keyspace-events is '%s': set it to 'Ex' so logins turn expired without a reader", flags);
        }
    }

    private void onMessage(String channel, String message) {
        if (QrKeys.CHANGES.equals(channel)) {
            try {
                JsonNode change = json.readTree(message);
                sink.changed(change.path("loginId").asText(), change.path("state").asText());
            } catch (Exception e) {
                Log.warnf("ignoring a malformed change message: %s", e.getMessage());
            }
            return;
        }
        String loginId = QrKeys.loginOfDeadline(message);
        if (loginId != null) {
            sink.deadlinePassed(loginId);
        }
    }

    private void onEnd() {
        up = false;
        if (!stopping) {
            Log.warn("Redis pub/sub connection ended; re-subscribing");
            retryLater();
        }
    }

    private void onFailure(Throwable failure) {
        Log.warnf("Redis pub/sub failure: %s", failure.getMessage());
    }

    private void retryLater() {
        if (!stopping) {
            vertx.setTimer(Math.max(1, config.waiting().resubscribeDelay().toMillis()), id -> subscribe());
        }
    }
}
