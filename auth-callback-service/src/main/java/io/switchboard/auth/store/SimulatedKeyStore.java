package io.switchboard.auth.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The simulated third party's issued keys ({@code sb:qr:sim:key:<qrCodeKey>} -> busNo). */
@ApplicationScoped
public class SimulatedKeyStore {
    private final ReactiveRedisDataSource redis;

    SimulatedKeyStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    public Uni<Void> remember(String qrCodeKey, String busNo, Duration ttl) {
        return redis.value(String.class).set(QrKeys.simulatedKey(qrCodeKey), busNo, new SetArgs().px(ttl));
    }

    public Uni<Boolean> known(String qrCodeKey) {
        return redis.key().exists(QrKeys.simulatedKey(qrCodeKey));
    }
}
