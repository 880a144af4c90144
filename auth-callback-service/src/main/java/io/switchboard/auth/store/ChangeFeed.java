package io.switchboard.auth.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.auth.domain.LoginChange;
import io.switchboard.common.redis.RedisSubscription;
import io.switchboard.common.redis.RedisSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;

/**
 * The channel {@link QrKeys#CHANGES}, where the store's scripts publish every state change, from any replica:
 * one subscription per process (common's {@link RedisSubscription}: it comes back by itself, calls
 * {@code resync} then, since messages sent meanwhile are gone, and is reported in readiness as {@value #NAME}).
 * A message is {@code {"loginId","state"}} plus, from a traced webhook, {@code "traceparent"} (docs/qr-login.md);
 * any other field is ignored, so replicas of different versions read each other's messages.
 */
@ApplicationScoped
public class ChangeFeed {
    static final String NAME = "qr changes";

    private final RedisSubscriptions subscriptions;
    private final ObjectMapper json;

    ChangeFeed(RedisSubscriptions subscriptions, ObjectMapper json) {
        this.subscriptions = subscriptions;
        this.json = json;
    }

    /** Subscribes: each change to {@code onChange}, {@code resync} after every re-subscribe (event loop). */
    public void listen(Consumer<LoginChange> onChange, Runnable resync) {
        subscriptions.open(NAME, List.of(QrKeys.CHANGES), this::decode, onChange, resync);
    }

    private LoginChange decode(String message) throws JsonProcessingException {
        JsonNode change = json.readTree(message);
        JsonNode traceparent = change.path("traceparent"); // optional; unknown fields are ignored
        return new LoginChange(change.path("loginId").asText(), change.path("state").asText(),
                traceparent.isTextual() && !traceparent.asText().isEmpty() ? traceparent.asText() : null);
    }
}
