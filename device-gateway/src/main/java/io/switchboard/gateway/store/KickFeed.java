package io.switchboard.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.common.redis.RedisSubscription;
import io.switchboard.common.redis.RedisSubscriptions;
import io.switchboard.gateway.domain.Kick;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;

/**
 * The channel {@link PresenceKeys#KICK_CHANNEL}, {@code {"gateway","deviceId","connectionId"}}: every gateway
 * publishes its kicks there and holds one subscription to it (common's {@link RedisSubscription}: it comes
 * back by itself, calls {@code resync} then, and is reported in readiness as {@value #NAME}).
 */
@ApplicationScoped
public class KickFeed {
    static final String NAME = "presence kicks";

    private final RedisSubscriptions subscriptions;
    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;

    KickFeed(RedisSubscriptions subscriptions, ReactiveRedisDataSource redis, ObjectMapper json) {
        this.subscriptions = subscriptions;
        this.redis = redis;
        this.json = json;
    }

    /** Subscribes: each kick, for any gateway, to {@code onKick}, {@code resync} after every re-subscribe (event loop). */
    public void listen(Consumer<Kick> onKick, Runnable resync) {
        subscriptions.open(NAME, List.of(PresenceKeys.KICK_CHANNEL), this::decode, onKick, resync);
    }

    /** Publishes a kick to every gateway; a failure is logged, not retried. */
    public void publish(Kick kick) {
        String message = json.createObjectNode().put("gateway", kick.gateway()).put("deviceId", kick.deviceId())
                .put("connectionId", kick.connectionId()).toString();
        redis.pubsub(String.class).publish(PresenceKeys.KICK_CHANNEL, message)
                .subscribe().with(v -> { }, t -> Log.warnf(t, "[device %s] kick not published", kick.deviceId()));
    }

    private Kick decode(String message) throws JsonProcessingException {
        JsonNode kick = json.readTree(message);
        return new Kick(kick.path("gateway").asText(), kick.path("deviceId").asText(), kick.path("connectionId").asText());
    }
}
