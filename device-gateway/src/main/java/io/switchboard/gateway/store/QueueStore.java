package io.switchboard.gateway.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.wire.QueuedCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The gateway's side of a machine's command queue ({@link QueuedCommand#key}): it reads the oldest entries and removes
 * one once it is settled. command-service appends (and removes a cancelled one); entries are never popped before
 * they are written, so a gateway that dies mid-way leaves them for the machine's next connection, and the
 * deliver-once key ({@link DeliveryLog}) keeps one written twice from reaching the machine twice.
 */
@ApplicationScoped
public class QueueStore {
    private final ReactiveRedisDataSource redis;

    QueueStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** The oldest {@code count} entries, as stored (JSON text). */
    public Uni<List<String>> head(String deviceId, int count) {
        return redis.list(String.class).lrange(QueuedCommand.key(deviceId), 0, count - 1L);
    }

    /** Removes one entry (the oldest equal to it; each holds a unique command id). */
    public Uni<Void> remove(String deviceId, String entry) {
        return redis.list(String.class).lrem(QueuedCommand.key(deviceId), 1, entry).replaceWithVoid();
    }
}
