package io.switchboard.auth.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Fixed-window counters in Redis ({@code sb:qr:rate:<address>}), shared by all replicas. */
@ApplicationScoped
public class RateLimitStore {
    private final ReactiveRedisDataSource redis;

    RateLimitStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** One hit in the current window. */
    public record Hit(long count, Duration untilReset) {
    }

    public Uni<Hit> hit(String address, Duration window) {
        return LuaScripts.RATE.run(redis, "1", QrKeys.rate(address), Long.toString(window.toMillis()))
                .map(r -> new Hit(r.get(0).toLong(), Duration.ofMillis(Math.max(0, r.get(1).toLong()))));
    }
}
