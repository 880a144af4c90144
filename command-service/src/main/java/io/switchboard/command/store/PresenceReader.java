package io.switchboard.command.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.presence.DevicePresence;
import io.switchboard.common.presence.PresenceKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads device presence written by the gateways (see {@link PresenceKeys}). */
@ApplicationScoped
public class PresenceReader {
    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;

    PresenceReader(ReactiveRedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    public Uni<Optional<DevicePresence>> find(String deviceId) {
        return redis.value(String.class).get(PresenceKeys.device(deviceId)).map(v -> Optional.ofNullable(parse(v)));
    }

    /** Every connected device; index entries whose presence expired are pruned on the way. */
    public Uni<List<DevicePresence>> all() {
        double now = System.currentTimeMillis();
        var index = redis.sortedSet(String.class);
        return index.zremrangebyscore(PresenceKeys.INDEX, new ScoreRange<>(Double.NEGATIVE_INFINITY, now))
                .chain(() -> index.zrangebyscore(PresenceKeys.INDEX, new ScoreRange<>(now, Double.POSITIVE_INFINITY)))
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<DevicePresence>of())
                        : redis.value(String.class).mget(ids.stream().map(PresenceKeys::device).toArray(String[]::new))
                        .map(m -> m.values().stream().map(this::parse).filter(Objects::nonNull)
                                .sorted(java.util.Comparator.comparing(DevicePresence::deviceId)).toList()));
    }

    private DevicePresence parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readValue(value, DevicePresence.class);
        } catch (Exception e) {
            Log.warnf("unreadable presence record: %s", e.getMessage());
            return null;
        }
    }
}
