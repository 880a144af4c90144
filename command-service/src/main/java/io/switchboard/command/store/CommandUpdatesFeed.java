package io.switchboard.command.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.common.redis.RedisSubscription;
import io.switchboard.common.redis.RedisSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The channel {@link CommandStore#UPDATES}, where the transition script publishes every command that ended,
 * from any instance: one subscription per instance (common's {@link RedisSubscription}: it comes back by
 * itself, calls {@code resync} then, and is reported in readiness as {@value #NAME}).
 */
@ApplicationScoped
public class CommandUpdatesFeed {
    static final String NAME = "command updates";
    private static final TypeReference<Map<String, String>> HASH = new TypeReference<>() { };

    private final RedisSubscriptions subscriptions;
    private final CommandCodec codec;
    private final ObjectMapper json;
    private volatile RedisSubscription subscription;

    CommandUpdatesFeed(RedisSubscriptions subscriptions, CommandCodec codec, ObjectMapper json) {
        this.subscriptions = subscriptions;
        this.codec = codec;
        this.json = json;
    }

    /** Subscribes: each ended command to {@code onEnded}, {@code resync} after every re-subscribe (event loop). */
    public void listen(Consumer<CommandRecord> onEnded, Runnable resync) {
        subscription = subscriptions.open(NAME, List.of(CommandStore.UPDATES),
                message -> codec.fromHash(json.readValue(message, HASH)), onEnded, resync);
    }

    /** True while the subscription is up. */
    public boolean up() {
        RedisSubscription s = subscription;
        return s != null && s.up();
    }
}
