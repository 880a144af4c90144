package io.switchboard.command;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.switchboard.common.presence.PresenceKeys;
import java.time.Instant;
import java.util.UUID;

/** Plays a gateway's presence record in Redis, so command-service takes a device for connected. */
final class Devices {
    private Devices() {
    }

    static String online(RedisDataSource redis) {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        markOnline(redis, deviceId);
        return deviceId;
    }

    static void markOnline(RedisDataSource redis, String deviceId) {
        String presence = "{\"deviceId\":\"" + deviceId + "\",\"gateway\":\"gw-test\",\"connectionId\":\"c1\",\"connectedAt\":\""
                + Instant.now() + "\"}";
        redis.value(String.class).set(PresenceKeys.device(deviceId), presence, new SetArgs().px(60_000));
    }
}
