package io.switchboard.command.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.CommandStatus;
import io.switchboard.common.presence.GatewayRoute;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.common.redis.LuaScript;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.common.wire.QueuedCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Command records in Redis: one hash per command ({@code sb:cmd:<id>}, TTL {@code commands.record-ttl}).
 * Every state change goes through one Lua script, so transitions are atomic and only move forward;
 * an end state is published on the update channel ({@link #updates(String)}) of each instance that waits on the
 * command (the hash's {@code watchers}: the instance that sent it for a waiting caller, and any instance a
 * {@code GET ...?waitMs=} came to), not to every instance ({@link CommandUpdatesFeed}).
 */
@ApplicationScoped
public class CommandStore {
    /** Prefix of an instance's pub/sub channel, carrying the commands it waits on that reached an end state (flat JSON hash). */
    public static final String UPDATES_PREFIX = "sb:cmd:updates:";
    /**
     * The one update channel of the versions before routing, which every one of their instances reads and their
     * transition script publishes every end on. This version listens there too and publishes there the ends of
     * records those versions created (they have no {@code watchers}), so both run side by side during a rolling
     * upgrade (docs/routing.md).
     */
    public static final String LEGACY_UPDATES = "sb:cmd:updates";

    /*
     * Forward-only transitions. Besides the normal order: a result or error after timed_out is recorded
     * and marks the command late; expired after timed_out is recorded when the command was never
     * delivered (the gateway knows it was not sent, which settles an unknown outcome); delivered is
     * remembered (deliveredAt) even when it arrives after the status moved on.
     */
    private static final LuaScript TRANSITION = LuaScript.load("lua/command-transition.lua");

    private static final LuaScript CREATE = LuaScript.withLibrary("lua/placement-lib.lua", "lua/command-create.lua");

    private static final LuaScript WATCH = LuaScript.load("lua/command-watch.lua");

    private static final LuaScript ENQUEUE = LuaScript.withLibrary("lua/placement-lib.lua", "lua/command-enqueue.lua");

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

    /** The update channel of a command-service instance. */
    public static String updates(String instance) {
        return UPDATES_PREFIX + instance;
    }

    /** Stores a new record and its TTL in one round trip, whether or not its device is connected (tests, tools). */
    public Uni<Void> create(CommandRecord record, String watcher) {
        return CREATE.run(redis, createArgs(record, null, watcher)).replaceWithVoid();
    }

    /**
     * Stores a new record only while its device has a presence record (a gateway holds it), checked in the same
     * script: one round trip for the look-up, the holding gateway's route and the write. Empty, and nothing stored,
     * when the device is offline; else the route to write the command to ({@link GatewayRoute#NONE} when not known).
     * {@code watcher}, when given, is the instance its end state is published to.
     */
    public Uni<Optional<GatewayRoute>> createIfOnline(CommandRecord record, String watcher) {
        return CREATE.run(redis, createArgs(record, PresenceKeys.device(record.deviceId()), watcher))
                .map(r -> r == null || r.type() != ResponseType.MULTI ? Optional.<GatewayRoute>empty()
                        : Optional.of(GatewayRoute.parse(r.get(1).toString())));
    }

    /** What {@link #createOrQueue} did. */
    public sealed interface Placement {
        /** The machine is connected: stored, to be sent over Kafka by {@code route}. */
        record Online(GatewayRoute route) implements Placement { }

        /** The machine is offline: stored {@code queued}, its entry appended to the machine's queue. */
        record Queued() implements Placement { }

        /** The machine is offline and its queue full: nothing stored. */
        record Full(int length) implements Placement { }
    }

    /**
     * Stores a command that may wait for its machine: as {@link #createIfOnline} when the machine is connected, else
     * {@code queued} with {@code entry} appended to its queue, unless that holds {@code maxQueued} already. One script:
     * the presence check and the append are one step for the gateway that claims the machine's presence.
     */
    public Uni<Placement> createOrQueue(CommandRecord record, String watcher, String entry, int maxQueued, Instant queuedUntil) {
        long queuedTtl = Duration.between(Instant.now(), queuedUntil).toMillis() + config.recordTtl().toMillis();
        List<String> args = new ArrayList<>(List.of("3", key(record.commandId()), PresenceKeys.device(record.deviceId()),
                QueuedCommand.key(record.deviceId()), Long.toString(config.recordTtl().toMillis()), PresenceKeys.ROUTE_PREFIX,
                entry, Integer.toString(maxQueued), Long.toString(queuedTtl), queuedUntil.toString()));
        fields(record, watcher, args);
        return ENQUEUE.run(redis, args.toArray(String[]::new)).map(r -> switch (r.get(0).toInteger()) {
            case 1 -> new Placement.Online(GatewayRoute.parse(r.get(1).toString()));
            case 2 -> new Placement.Queued();
            default -> new Placement.Full(Integer.parseInt(r.get(1).toString()));
        });
    }

    /** Removes a cancelled or expired command's entry from its machine's queue (no-op when a gateway took it). */
    public Uni<Void> unqueue(String commandId, String deviceId) {
        return redis.hash(String.class).hget(key(commandId), "queueEntry").chain(entry -> entry == null
                ? Uni.createFrom().voidItem()
                : redis.list(String.class).lrem(QueuedCommand.key(deviceId), 1, entry).replaceWithVoid());
    }

    private String[] createArgs(CommandRecord record, String presenceKey, String watcher) {
        List<String> args = new ArrayList<>(List.of(presenceKey == null ? "1" : "2", key(record.commandId())));
        if (presenceKey != null) {
            args.add(presenceKey);
        }
        args.add(Long.toString(config.recordTtl().toMillis()));
        args.add(PresenceKeys.ROUTE_PREFIX);
        fields(record, watcher, args);
        return args.toArray(String[]::new);
    }

    private void fields(CommandRecord record, String watcher, List<String> args) {
        fields(codec, record, watcher, args);
    }

    /** A record's hash as a script's field/value arguments, with its {@code watchers} ('' when nobody waits). */
    static void fields(CommandCodec codec, CommandRecord record, String watcher, List<String> args) {
        codec.toHash(record).forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        // always present, '' when nobody waits: a record without the field was created by a version before routing
        args.add("watchers");
        args.add(watcher == null ? "" : watcher);
    }

    /**
     * Reads a command and, unless it ended, has its end state published to {@code watcher} too (one script: an end
     * recorded after this call is published to it, one recorded before is in the answer).
     */
    public Uni<Optional<CommandRecord>> watch(String commandId, String watcher) {
        return WATCH.run(redis, "1", key(commandId), watcher).map(r -> {
            if (r == null || r.size() == 0) {
                return Optional.<CommandRecord>empty();
            }
            Map<String, String> hash = new HashMap<>();
            for (int i = 0; i + 1 < r.size(); i += 2) {
                hash.put(r.get(i).toString(), r.get(i + 1).toString());
            }
            return Optional.of(codec.fromHash(hash));
        });
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
                        Instant.now().toString(), UPDATES_PREFIX, LEGACY_UPDATES,
                        config.publishAllToLegacyChannel() ? "1" : "0", JobStore.PREFIX)
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
