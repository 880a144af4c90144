package io.switchboard.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.presence.DevicePresence;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.common.redis.LuaScript;
import io.switchboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Device presence in Redis: {@code sb:presence:device:<id>} holds which gateway and connection own the
 * device (TTL {@code gateway.presence-ttl}, refreshed while connected), and the sorted set
 * {@code sb:presence:index} lists connected devices scored by expiry, for listing without SCAN.
 */
@ApplicationScoped
public class PresenceStore {
    /** Sets the presence key and its index entry, returning the presence it replaced. */
    private static final LuaScript CLAIM = LuaScript.load("lua/presence-claim.lua");
    /** Deletes the presence only if it still names the given connection (a newer socket may own it). */
    private static final LuaScript RELEASE = LuaScript.load("lua/presence-release.lua");
    /** Extends the TTL of a batch of presence keys owned by this gateway and bumps their index score. */
    private static final LuaScript REFRESH = LuaScript.load("lua/presence-refresh.lua");
    private static final int REFRESH_BATCH = 500;

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final GatewayConfig config;

    PresenceStore(ReactiveRedisDataSource redis, ObjectMapper json, GatewayConfig config) {
        this.redis = redis;
        this.json = json;
        this.config = config;
    }

    /**
     * Records that this gateway holds the device, key and index in one round trip ({@code lua/presence-claim.lua});
     * returns the presence it replaced, if any.
     */
    public Uni<Optional<DevicePresence>> claim(DevicePresence presence) {
        long ttlMs = config.presenceTtl().toMillis();
        return CLAIM.run(redis, "2", PresenceKeys.device(presence.deviceId()), PresenceKeys.INDEX, write(presence),
                        Long.toString(ttlMs), Long.toString(System.currentTimeMillis() + ttlMs), presence.deviceId())
                .map(previous -> previous == null ? Optional.<DevicePresence>empty() : Optional.of(read(previous.toString())));
    }

    /** Clears the presence if {@code connectionId} still owns it. */
    public Uni<Boolean> release(String deviceId, String connectionId) {
        return RELEASE.run(redis, "2", PresenceKeys.device(deviceId), PresenceKeys.INDEX,
                connectionId, deviceId).map(r -> r != null && r.toInteger() == 1);
    }

    /** Extends the presence of the given devices; returns how many were still present. */
    public Uni<Integer> refresh(Collection<String> deviceIds) {
        List<Uni<Integer>> batches = new ArrayList<>();
        List<String> ids = new ArrayList<>(deviceIds);
        long ttlMs = config.presenceTtl().toMillis();
        String score = Long.toString(System.currentTimeMillis() + ttlMs);
        for (int from = 0; from < ids.size(); from += REFRESH_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + REFRESH_BATCH));
            List<String> args = new ArrayList<>();
            args.add(Integer.toString(batch.size() + 1));
            args.add(PresenceKeys.INDEX);
            batch.forEach(id -> args.add(PresenceKeys.device(id)));
            args.add(Long.toString(ttlMs));
            args.add(score);
            args.addAll(batch);
            batches.add(REFRESH.run(redis, args.toArray(String[]::new))
                    .map(r -> r == null ? 0 : r.toInteger()));
        }
        if (batches.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Uni.join().all(batches).andFailFast().map(l -> l.stream().mapToInt(Integer::intValue).sum());
    }

    /** The stored presence of each device (absent ones are left out), read in batches. */
    public Uni<Map<String, DevicePresence>> current(Collection<String> deviceIds) {
        List<String> ids = new ArrayList<>(deviceIds);
        List<Uni<Map<String, DevicePresence>>> batches = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += REFRESH_BATCH) {
            String[] keys = ids.subList(from, Math.min(ids.size(), from + REFRESH_BATCH)).stream()
                    .map(PresenceKeys::device).toArray(String[]::new);
            batches.add(redis.value(String.class).mget(keys).map(found -> {
                Map<String, DevicePresence> byDevice = new HashMap<>();
                found.forEach((key, value) -> {
                    if (value != null) {
                        DevicePresence p = read(value);
                        byDevice.put(key.substring(PresenceKeys.device("").length()), p);
                    }
                });
                return byDevice;
            }));
        }
        if (batches.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(batches).andFailFast().map(parts -> {
            Map<String, DevicePresence> all = new HashMap<>();
            parts.forEach(all::putAll);
            return all;
        });
    }

    private String write(DevicePresence presence) {
        try {
            return json.writeValueAsString(presence);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("presence not serializable", e);
        }
    }

    private DevicePresence read(String value) {
        try {
            return json.readValue(value, DevicePresence.class);
        } catch (JsonProcessingException e) {
            return new DevicePresence(null, null, null, null);
        }
    }
}
