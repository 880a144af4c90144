package io.switchboard.auth.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.domain.QrLogin;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Logins in Redis (see {@link QrKeys}). Every state change runs as one Lua script that checks the
 * current state, writes the new one, keeps the deadline index, appends the change's business-log record to
 * the outbox ({@code qr.outbox.key}, relayed to Kafka by {@code OutboxRelay}) and publishes it on
 * {@link QrKeys#CHANGES}, so exactly one caller (on any replica) wins a transition, its record is written with
 * it or not at all, and every replica learns about it.
 */
@ApplicationScoped
public class LoginStore {
    private final ReactiveRedisDataSource redis;
    private final QrConfig config;
    private final String instance;
    private final String outbox;

    LoginStore(ReactiveRedisDataSource redis, QrConfig config) {
        this.redis = redis;
        this.config = config;
        this.instance = config.instanceId();
        this.outbox = config.outbox().key();
    }

    /** What {@link #create} did; {@code outboxDepth} as in {@link Outcome}. */
    public enum Created { CREATED, KEY_IN_USE, OUTBOX_FULL }

    /** {@link Created} with the outbox depth the script saw. */
    public record Creation(Created result, long outboxDepth) {
    }

    /** Stores a new pending login with its {@code qr.login.created} record, unless the key is taken or the outbox full. */
    public Uni<Creation> create(QrLogin login) {
        long keepMs = Math.max(1, Duration.between(login.createdAt(), login.expiresAt()).toMillis())
                + config.retention().toMillis();
        return eval(LuaScripts.CREATE, 4, QrKeys.login(login.loginId()), QrKeys.key(login.qrCodeKey()),
                QrKeys.DEADLINES, outbox, login.loginId(), login.qrCodeKey(), login.bindingHash(),
                ms(login.createdAt()), ms(login.expiresAt()), Long.toString(keepMs), login.createdAt().toString(),
                instance, Integer.toString(config.outbox().maxLength()), QrKeys.CHANGES)
                .map(r -> new Creation(switch (r.get(0).toInteger()) {
                    case 1 -> Created.CREATED;
                    case 0 -> Created.KEY_IN_USE;
                    default -> Created.OUTBOX_FULL;
                }, r.get(1).toLong()));
    }

    public Uni<Optional<QrLogin>> find(String loginId) {
        return redis.hash(String.class).hgetall(QrKeys.login(loginId)).map(LoginStore::read);
    }

    /** The current state alone (a cheap re-check for waiters), or null when the login is gone. */
    public Uni<String> state(String loginId) {
        return redis.hash(String.class).hget(QrKeys.login(loginId), "state");
    }

    public Uni<Optional<String>> loginIdForKey(String qrCodeKey) {
        return redis.value(String.class).get(QrKeys.key(qrCodeKey)).map(Optional::ofNullable);
    }

    public Uni<Boolean> webhookSeen(String webhookId) {
        return redis.key().exists(QrKeys.webhook(webhookId));
    }

    /**
     * Applies a verified webhook event, remembering {@code webhookId} when it had an effect; {@code userId} goes
     * into the business-log record. The change's message carries {@code traceparent} (the webhook's span, W3C) unless
     * it is null, so the waiter's replica continues the webhook's trace.
     */
    public Uni<Outcome> applyEvent(String loginId, String qrCodeKey, LoginState target, String userJson,
                                   String userId, String webhookId, Instant now, String traceparent) {
        long markerMs = config.webhook().tolerance().multipliedBy(2).plusMinutes(1).toMillis();
        return eval(LuaScripts.EVENT, 5, QrKeys.login(loginId), QrKeys.webhook(webhookId), QrKeys.key(qrCodeKey),
                QrKeys.DEADLINES, outbox, target.wire(), ms(now), userJson == null ? "" : userJson,
                QrKeys.CHANGES, Long.toString(markerMs), Long.toString(config.grantTtl().toMillis()),
                Long.toString(config.retention().toMillis()), now.toString(), instance, userId == null ? "" : userId,
                traceparent == null ? "" : traceparent)
                .map(r -> Outcome.of(r.get(0).toString(), r.get(1).toString(), r.get(2).toLong()));
    }

    /** Expires the login if it is live and past its deadline. */
    public Uni<Outcome> expire(String loginId, Instant now) {
        return eval(LuaScripts.EXPIRE, 3, QrKeys.login(loginId), QrKeys.DEADLINES, outbox, ms(now), QrKeys.CHANGES,
                loginId, now.toString(), instance)
                .map(r -> Outcome.of(r.get(0).toString(), r.get(1).toString(), r.get(2).toLong()));
    }

    /** Moves a granted login to consumed, returning its user: succeeds for exactly one caller. */
    public Uni<Outcome> consume(String loginId, String userId, Instant now) {
        return eval(LuaScripts.CONSUME, 3, QrKeys.login(loginId), QrKeys.DEADLINES, outbox, ms(now), QrKeys.CHANGES,
                now.toString(), instance, userId == null ? "" : userId)
                .map(r -> {
                    Outcome o = Outcome.of(r.get(0).toString(), r.get(1).toString(), r.get(4).toLong());
                    String grantedAt = r.get(3).toString();
                    return grantedAt.isEmpty() ? o
                            : o.withGrant(r.get(2).toString(), Instant.ofEpochMilli(Long.parseLong(grantedAt)));
                });
    }

    /** Up to {@code limit} logins whose deadline passed (still live as far as the index knows). */
    public Uni<List<String>> due(Instant now, int limit) {
        return redis.execute("ZRANGEBYSCORE", QrKeys.DEADLINES, "-inf", ms(now), "LIMIT", "0", Integer.toString(limit))
                .map(r -> {
                    List<String> ids = new ArrayList<>(r.size());
                    r.forEach(item -> ids.add(item.toString()));
                    return ids;
                });
    }

    /** The earliest deadline in the index, if any login is live. */
    public Uni<Optional<Instant>> nextDeadline() {
        return redis.execute("ZRANGE", QrKeys.DEADLINES, "0", "0", "WITHSCORES").map(r -> {
            if (r == null || r.size() == 0) {
                return Optional.<Instant>empty();
            }
            // RESP3 answers [[member, score]], RESP2 [member, score]
            Response score = r.get(0).type() == ResponseType.MULTI ? r.get(0).get(1) : r.get(1);
            return Optional.of(Instant.ofEpochMilli((long) Double.parseDouble(score.toString())));
        });
    }

    private Uni<Response> eval(LuaScripts script, int keys, String... keysAndArgs) {
        String[] args = new String[keysAndArgs.length + 1];
        args[0] = Integer.toString(keys);
        System.arraycopy(keysAndArgs, 0, args, 1, keysAndArgs.length);
        return script.run(redis, args);
    }

    private static String ms(Instant t) {
        return Long.toString(t.toEpochMilli());
    }

    private static Optional<QrLogin> read(Map<String, String> h) {
        if (h == null || h.isEmpty() || !h.containsKey("state")) {
            return Optional.empty();
        }
        return Optional.of(new QrLogin(h.get("loginId"), LoginState.parse(h.get("state")).orElseThrow(),
                h.get("qrCodeKey"), h.get("binding"), instant(h.get("createdAt")), instant(h.get("expiresAt")),
                instant(h.get("grantedAt")), h.get("user")));
    }

    private static Instant instant(String ms) {
        return ms == null ? null : Instant.ofEpochMilli(Long.parseLong(ms));
    }
}
