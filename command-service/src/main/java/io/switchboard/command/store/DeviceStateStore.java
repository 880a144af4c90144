package io.switchboard.command.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.DeviceState;
import io.switchboard.common.redis.LuaScript;
import io.switchboard.common.wire.DeviceEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What each device last said, in Redis: one hash per device ({@code sb:device:state:<id>}), written from Kafka
 * {@code device.events} by one Lua script that only moves its times forward, kept for
 * {@code commands.device-state-ttl} after the device's newest event.
 */
@ApplicationScoped
public class DeviceStateStore {
    /** The notification method whose params are kept as the device's reported state. */
    public static final String STATUS = "status";

    private static final LuaScript RECORD = LuaScript.load("lua/device-state.lua");

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final CommandConfig config;

    DeviceStateStore(ReactiveRedisDataSource redis, ObjectMapper json, CommandConfig config) {
        this.redis = redis;
        this.json = json;
        this.config = config;
    }

    static String key(String deviceId) {
        return "sb:device:state:" + deviceId;
    }

    /** Records one event; true when it replaced the device's reported status. */
    public Uni<Boolean> record(DeviceEvent event) {
        boolean status = event.source().equals(DeviceEvent.FROM_DEVICE) && event.method().equals(STATUS);
        String params = status ? String.valueOf(event.params() == null || event.params().isNull()
                ? json.createObjectNode() : event.params()) : "";
        return RECORD.run(redis, "1", key(event.deviceId()), String.valueOf(event.time().toEpochMilli()),
                        String.valueOf(config.deviceStateTtl().toMillis()), params, String.valueOf(event.gateway()))
                .map(r -> r != null && r.toInteger() == 1);
    }

    /** The device's last known state, empty when there is none (never seen, or not within the TTL). */
    public Uni<Optional<DeviceState>> find(String deviceId) {
        return redis.hash(String.class).hgetall(key(deviceId)).map(this::parse);
    }

    private Optional<DeviceState> parse(Map<String, String> hash) {
        if (hash == null || hash.get("lastSeen") == null) {
            return Optional.empty();
        }
        JsonNode status = null;
        if (hash.get("status") != null) {
            try {
                status = json.readTree(hash.get("status"));
            } catch (Exception e) {
                Log.warnf("unreadable device status record: %s", e.getMessage());
            }
        }
        return Optional.of(new DeviceState(millis(hash.get("lastSeen")), status,
                status == null ? null : millis(hash.get("reportedAt")), hash.get("gateway")));
    }

    private static Instant millis(String value) {
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value));
    }
}
