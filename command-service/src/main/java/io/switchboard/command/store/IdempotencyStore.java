package io.switchboard.command.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.common.redis.LuaScript;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code Idempotency-Key} records, scoped by caller: {@code sb:cmd:idem:v2:<sha256>} holds
 * {@code <body hash> <commandId>} for {@code commands.idempotency-ttl}. The digest is over the JSON array
 * {@code [subject, key]}, so no two (subject, key) pairs share a record whatever characters either holds
 * (the old {@code <subject>:<key>} form let subject {@code svc} with key {@code orders:k1} meet subject
 * {@code svc:orders} with key {@code k1}), and the Redis key has a fixed length however long the subject is.
 */
@ApplicationScoped
public class IdempotencyStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "sb:cmd:idem:v2:";

    /** Deletes the record only while it still holds this request's command id (never another request's). */
    private static final LuaScript RELEASE = LuaScript.load("lua/idempotency-release.lua");

    private final ReactiveRedisDataSource redis;
    private final CommandConfig config;

    IdempotencyStore(ReactiveRedisDataSource redis, CommandConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** The first use of a key, or what the key was first used for. */
    public record Reservation(boolean first, String bodyHash, String commandId) { }

    public Uni<Reservation> reserve(String subject, String key, String bodyHash, String commandId) {
        String redisKey = redisKey(subject, key);
        return redis.execute("SET", redisKey, bodyHash + " " + commandId, "NX", "PX",
                        Long.toString(config.idempotencyTtl().toMillis()))
                .chain(set -> set != null
                        ? Uni.createFrom().item(new Reservation(true, bodyHash, commandId))
                        : redis.value(String.class).get(redisKey).map(previous -> {
                            String[] parts = previous == null ? new String[] {"", ""} : previous.split(" ", 2);
                            return new Reservation(false, parts[0], parts.length > 1 ? parts[1] : "");
                        }));
    }

    /**
     * Frees a key whose command {@code commandId} was certainly never sent, so a retry may send it; a record
     * that meanwhile belongs to another command (expired and taken again) is left alone.
     */
    public Uni<Void> release(String subject, String key, String commandId) {
        return RELEASE.run(redis, "1", redisKey(subject, key), commandId).replaceWithVoid();
    }

    /** The Redis key of a caller's {@code Idempotency-Key}: {@code sb:cmd:idem:v2:} and SHA-256 of {@code [subject, key]}. */
    public static String redisKey(String subject, String key) {
        ArrayNode pair = JSON.createArrayNode().add(subject).add(key);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(pair.toString().getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
