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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The one Redis subscription of this process: {@link QrKeys#CHANGES}, where the store's scripts publish
 * every state change, from any replica. It re-subscribes after a lost connection and then asks everyone
 * to re-read, since messages sent meanwhile are gone.
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
                .subscribe(List.of(QrKeys.CHANGES), (channel, message) -> onMessage(message), this::onEnd, this::onFailure)
                .subscribe().with(s -> {
                    subscriber = s;
                    up = true;
                    Log.infof("subscribed to %s", QrKeys.CHANGES);
                    if (everUp) {
                        sink.resync();
                    }
                    everUp = true;
                }, failure -> {
                    Log.warnf("cannot subscribe to Redis pub/sub (%s); retrying", failure.getMessage());
                    retryLater();
                });
    }

    private void onMessage(String message) {
        try {
            JsonNode change = json.readTree(message);
            sink.changed(change.path("loginId").asText(), change.path("state").asText());
        } catch (Exception e) {
            Log.warnf("ignoring a malformed change message: %s", e.getMessage());
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
