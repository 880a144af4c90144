package io.switchboard.auth.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.common.redis.RedisSubscription;
import io.switchboard.common.redis.RedisSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The one Redis subscription of this process: {@link QrKeys#CHANGES}, where the store's scripts publish
 * every state change, from any replica. It comes back by itself after a lost connection (common's
 * {@link RedisSubscription}) and then asks everyone to re-read, since messages sent meanwhile are gone.
 */
@ApplicationScoped
public class ChangeFeed {
    private final RedisSubscriptions subscriptions;
    private final ChangeSink sink;
    private final ObjectMapper json;
    private volatile RedisSubscription subscription;

    ChangeFeed(RedisSubscriptions subscriptions, ChangeSink sink, ObjectMapper json) {
        this.subscriptions = subscriptions;
        this.sink = sink;
        this.json = json;
    }

    void start(@Observes StartupEvent event) {
        subscription = subscriptions.open("qr changes", List.of(QrKeys.CHANGES), (channel, message) -> onMessage(message),
                sink::resync);
    }

    /** True while the subscription is established (readiness). */
    public boolean up() {
        RedisSubscription s = subscription;
        return s != null && s.up();
    }

    private void onMessage(String message) {
        try {
            JsonNode change = json.readTree(message);
            sink.changed(change.path("loginId").asText(), change.path("state").asText());
        } catch (Exception e) {
            Log.warnf("ignoring a malformed change message: %s", e.getMessage());
        }
    }
}
