package io.switchboard.command.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code Idempotency-Key} records, scoped by caller: {@code sb:cmd:idem:<subject>:<key>} holds
 * {@code <body hash> <commandId>} for {@code commands.idempotency-ttl}.
 */
@ApplicationScoped
public class IdempotencyStore {
    private final ReactiveRedisDataSource redis;
    private final CommandConfig config;

    IdempotencyStore(ReactiveRedisDataSource redis, CommandConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** The first use of a key, or what the key was first used for. */
    public record Reservation(boolean first, String bodyHash, String commandId) { }

    public Uni<Reservation> reserve(String subject, String key, String bodyHash, String commandId) {
        String redisKey = key(subject, key);
        return redis.execute("SET", redisKey, bodyHash + " " + commandId, "NX", "PX",
                        Long.toString(config.idempotencyTtl().toMillis()))
                .chain(set -> set != null
                        ? Uni.createFrom().item(new Reservation(true, bodyHash, commandId))
                        : redis.value(String.class).get(redisKey).map(previous -> {
                            String[] parts = previous == null ? new String[] {"", ""} : previous.split(" ", 2);
                            return new Reservation(false, parts[0], parts.length > 1 ? parts[1] : "");
                        }));
    }

    /** Frees a key whose command was never sent (e.g. the device was offline), so a retry may send it. */
    public Uni<Void> release(String subject, String key) {
        return redis.key().del(key(subject, key)).replaceWithVoid();
    }

    private static String key(String subject, String key) {
        return "sb:cmd:idem:" + subject + ":" + key;
    }
}
