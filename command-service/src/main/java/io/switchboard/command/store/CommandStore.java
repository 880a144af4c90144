package io.switchboard.command.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.CommandStatus;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.common.redis.LuaScript;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Command records in Redis: one hash per command ({@code sb:cmd:<id>}, TTL {@code commands.record-ttl}).
 * Every state change goes through one Lua script, so transitions are atomic and only move forward;
 * an end state is published on {@link #UPDATES} for whichever instance waits on the command
 * ({@link CommandUpdatesFeed}).
 */
@ApplicationScoped
public class CommandStore {
    /** Pub/sub channel carrying every command that reached an end state, as its flat JSON hash. */
    public static final String UPDATES = "sb:cmd:updates";

    /*
     * Forward-only transitions. Besides the normal order: a result or error after timed_out is recorded
     * and marks the command late; expired after timed_out is recorded when the command was never
     * delivered (the gateway knows it was not sent, which settles an unknown outcome); delivered is
     * remembered (deliveredAt) even when it arrives after the status moved on.
     */
    private static final LuaScript TRANSITION = LuaScript.load("lua/command-transition.lua");

    private static final LuaScript CREATE = LuaScript.load("lua/command-create.lua");

    private final ReactiveRedisDataSource redis;
    private final CommandCodec codec;
    private final CommandConfig config;

    CommandStore(ReactiveRedisDataSource redis, CommandCodec codec, CommandConfig config) {
        this.redis = redis;
        this.codec = codec;
        this.config = config;
    }

    static String key(String commandId) {
        return "sb:cmd:" + commandId;
    }

    /** Stores a new record and its TTL in one round trip. */
    public Uni<Void> create(CommandRecord record) {
        return CREATE.run(redis, createArgs(record, null)).replaceWithVoid();
    }

    /**
     * Stores a new record only while its device has a presence record (a gateway holds it), checked in the same
     * script: one round trip for the look-up and the write. False, and nothing stored, when the device is offline.
     */
    public Uni<Boolean> createIfOnline(CommandRecord record) {
        return CREATE.run(redis, createArgs(record, PresenceKeys.device(record.deviceId())))
                .map(r -> r != null && r.toInteger() == 1);
    }

    private String[] createArgs(CommandRecord record, String presenceKey) {
        List<String> args = new ArrayList<>(List.of(presenceKey == null ? "1" : "2", key(record.commandId())));
        if (presenceKey != null) {
            args.add(presenceKey);
        }
        args.add(Long.toString(config.recordTtl().toMillis()));
        codec.toHash(record).forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return args.toArray(String[]::new);
    }

    public Uni<Optional<CommandRecord>> find(String commandId) {
        return redis.hash(String.class).hgetall(key(commandId))
                .map(h -> h == null || h.isEmpty() ? Optional.empty() : Optional.of(codec.fromHash(h)));
    }

    /**
     * Moves a command to {@code to} if that is a step forward. A result or error after a timeout is
     * still recorded and marks the command late. {@code deviceId}, when given, must own the command.
     */
    public Uni<Transition> transition(String commandId, CommandStatus to, String deviceId, String field, String payload) {
        return TRANSITION.run(redis, "1", key(commandId), to.wire(),
                        deviceId == null ? "" : deviceId, field == null ? "" : field, payload == null ? "" : payload,
                        Instant.now().toString(), UPDATES)
                .map(CommandStore::transitionOf);
    }

    private static Transition transitionOf(Response r) {
        int code = r.get(0).toInteger();
        String previous = r.get(1).toString();
        return new Transition(switch (code) {
            case 1 -> Transition.Result.APPLIED;
            case 0 -> Transition.Result.IGNORED;
            case -1 -> Transition.Result.WRONG_DEVICE;
            default -> Transition.Result.UNKNOWN;
        }, previous.isEmpty() ? null : CommandStatus.fromWire(previous));
    }

    /** What a transition did, and the status before it. */
    public record Transition(Result result, CommandStatus previous) {
        public enum Result { APPLIED, IGNORED, WRONG_DEVICE, UNKNOWN }

        public boolean applied() {
            return result == Result.APPLIED;
        }
    }
}
