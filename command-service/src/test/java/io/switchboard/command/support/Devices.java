package io.switchboard.command.support;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.switchboard.common.presence.PresenceKeys;
import java.time.Instant;
import java.util.UUID;

/** Plays a gateway's presence record in Redis, so command-service takes a device for connected. */
public final class Devices {
    private Devices() {
    }

    public static String online(RedisDataSource redis) {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        markOnline(redis, deviceId);
        return deviceId;
    }

    public static void markOnline(RedisDataSource redis, String deviceId) {
        markOnline(redis, deviceId, "gw-test");
    }

    /** As held by {@code gateway}. */
    public static void markOnline(RedisDataSource redis, String deviceId, String gateway) {
        String presence = "{\"deviceId\":\"" + deviceId + "\",\"gateway\":\"" + gateway + "\",\"connectionId\":\"c1\",\"connectedAt\":\""
                + Instant.now() + "\"}";
        redis.value(String.class).set(PresenceKeys.device(deviceId), presence, new SetArgs().px(60_000));
    }
}
