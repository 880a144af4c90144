package io.switchboard.command.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.common.redis.RedisSubscription;
import io.switchboard.common.redis.RedisSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * This instance's update channel ({@link CommandStore#updates(String)}), where the transition script publishes the
 * commands this instance waits on that ended, whichever instance recorded the end: one subscription per instance (common's {@link RedisSubscription}: it comes back by
 * itself, calls {@code resync} then, and is reported in readiness as {@value #NAME}). The same subscription reads
 * {@link CommandStore#LEGACY_UPDATES}, where versions before routing publish every end: during a rolling upgrade a
 * caller waiting here learns an end those versions recorded (a waiter completes once; a second copy is ignored).
 * Nothing is published there once no such version runs.
 */
@ApplicationScoped
public class CommandUpdatesFeed {
    static final String NAME = "command updates";
    private static final TypeReference<Map<String, String>> HASH = new TypeReference<>() { };

    private final RedisSubscriptions subscriptions;
    private final CommandCodec codec;
    private final ObjectMapper json;
    private volatile RedisSubscription subscription;

    private final CommandConfig config;

    CommandUpdatesFeed(RedisSubscriptions subscriptions, CommandCodec codec, ObjectMapper json, CommandConfig config) {
        this.config = config;
        this.subscriptions = subscriptions;
        this.codec = codec;
        this.json = json;
    }

    /** Subscribes: each ended command to {@code onEnded}, {@code resync} after every re-subscribe (event loop). */
    public void listen(Consumer<CommandRecord> onEnded, Runnable resync) {
        subscription = subscriptions.open(NAME, List.of(CommandStore.updates(config.instanceId()), CommandStore.LEGACY_UPDATES),
                message -> codec.fromHash(json.readValue(message, HASH)), onEnded, resync);
    }

    /** True while the subscription is up. */
    public boolean up() {
        RedisSubscription s = subscription;
        return s != null && s.up();
    }
}
