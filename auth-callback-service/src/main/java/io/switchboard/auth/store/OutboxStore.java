package io.switchboard.auth.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.config.QrConfig;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox in Redis: a list ({@code qr.outbox.key}) the state-changing scripts append business-log records to,
 * and a lease ({@code <key>:relay}) that lets one relay at a time read the oldest records and remove them once
 * Kafka acknowledged them. One holder at a time keeps the records in the order they were written.
 */
@ApplicationScoped
public class OutboxStore {
    private final ReactiveRedisDataSource redis;
    private final String outbox;
    private final String lease;
    private final String leaseMs;

    OutboxStore(ReactiveRedisDataSource redis, QrConfig config) {
        this.redis = redis;
        this.outbox = config.outbox().key();
        this.lease = outbox + ":relay";
        this.leaseMs = Long.toString(config.outbox().leaseTtl().toMillis());
    }

    /** What a claim found: the depth, and either our batch (lease ours) or how long another relay holds it. */
    public record Claim(long depth, long otherHolderMs, List<String> records) {
        public boolean idle() {
            return depth == 0;
        }

        public boolean heldByOther() {
            return otherHolderMs > 0;
        }
    }

    /** Takes or renews the lease for {@code relayId} and reads up to {@code batch} of the oldest records. */
    public Uni<Claim> claim(String relayId, int batch) {
        return LuaScripts.OUTBOX_CLAIM.run(redis, "2", outbox, lease, relayId, leaseMs,
                Integer.toString(batch)).map(OutboxStore::claim);
    }

    /** Removes the oldest {@code n} records if the lease is still ours: the remaining depth, or -1 when it is not. */
    public Uni<Long> acknowledge(String relayId, int n) {
        return LuaScripts.OUTBOX_ACK.run(redis, "2", outbox, lease, relayId, Integer.toString(n),
                leaseMs).map(Response::toLong);
    }

    /** Gives the lease back if it is ours. */
    public Uni<Void> release(String relayId) {
        return LuaScripts.OUTBOX_RELEASE.run(redis, "1", lease, relayId).replaceWithVoid();
    }

    private static Claim claim(Response r) {
        List<String> records = new ArrayList<>(Math.max(0, r.size() - 2));
        for (int i = 2; i < r.size(); i++) {
            records.add(r.get(i).toString());
        }
        return new Claim(r.get(0).toLong(), r.get(1).toLong(), records);
    }
}
