package io.switchboard.notify.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.redis.LuaScript;
import io.switchboard.notify.config.NotifyLimits;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Open sockets per user across replicas: {@code sb:notify:sockets:<sub>} is a sorted set of socket lease ids
 * scored by the epoch millisecond (Redis' clock) the lease ends. A replica refreshes the leases of the
 * sockets it holds and removes a lease when its socket closes; a crashed replica's leases end by themselves
 * after {@code notify.limits.connection-lease}, and are dropped by the next acquire of that user.
 */
@ApplicationScoped
public class ConnectionLeases {
    /** Drops ended leases, then adds this one if fewer than ARGV[2] remain; 1 when taken, 0 when full. */
    private static final LuaScript ACQUIRE = LuaScript.load("lua/lease-acquire.lua");
    /** Extends leases that still exist (XX: a lease released meanwhile is not brought back); KEYS[i] holds ARGV[i + 1]. */
    private static final LuaScript REFRESH = LuaScript.load("lua/lease-refresh.lua");
    private static final int REFRESH_BATCH = 500;

    /** One socket's place in its user's count. */
    public record Lease(String userId, String id) {
    }

    private final ReactiveRedisDataSource redis;
    private final NotifyLimits limits;

    ConnectionLeases(ReactiveRedisDataSource redis, NotifyLimits limits) {
        this.redis = redis;
        this.limits = limits;
    }

    public static String key(String userId) {
        return "sb:notify:sockets:" + userId;
    }

    /** Takes a lease for one more socket of the user; false when the user already holds {@code connections-per-user}. */
    public Uni<Boolean> acquire(Lease lease) {
        return ACQUIRE.run(redis, "1", key(lease.userId()), Long.toString(limits.connectionLease().toMillis()),
                Integer.toString(limits.connectionsPerUser()), lease.id()).map(r -> r.toInteger() == 1);
    }

    public Uni<Void> release(Lease lease) {
        return redis.sortedSet(String.class).zrem(key(lease.userId()), lease.id()).replaceWithVoid();
    }

    /** Extends the given leases; returns how many were still there. */
    public Uni<Integer> refresh(Collection<Lease> leases) {
        List<Lease> all = new ArrayList<>(leases);
        List<Uni<Integer>> batches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += REFRESH_BATCH) {
            List<Lease> batch = all.subList(from, Math.min(all.size(), from + REFRESH_BATCH));
            List<String> args = new ArrayList<>();
            args.add(Integer.toString(batch.size()));
            batch.forEach(l -> args.add(key(l.userId())));
            args.add(Long.toString(limits.connectionLease().toMillis()));
            batch.forEach(l -> args.add(l.id()));
            batches.add(REFRESH.run(redis, args.toArray(String[]::new)).map(r -> r.toInteger()));
        }
        if (batches.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Uni.join().all(batches).andFailFast().map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }
}
