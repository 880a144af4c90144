package io.switchboard.gateway.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.redis.LuaScript;
import io.switchboard.gateway.config.GatewayLimits;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Connection attempts per device id in a fixed window, counted in Redis so that every gateway sees the same
 * count: {@code sb:gateway:attempts:<deviceId>} is incremented per attempt and expires with its window.
 */
@ApplicationScoped
public class ConnectAttempts {
    /** Counts one attempt; returns {attempts in this window, ms until the window ends}. */
    private static final LuaScript COUNT = LuaScript.load("lua/fixed-window.lua");

    /** One attempt counted: the attempts so far in the window, and when the window ends. */
    public record Count(long attempts, long windowLeftMs) {
    }

    private final ReactiveRedisDataSource redis;
    private final GatewayLimits limits;

    ConnectAttempts(ReactiveRedisDataSource redis, GatewayLimits limits) {
        this.redis = redis;
        this.limits = limits;
    }

    public static String key(String deviceId) {
        return "sb:gateway:attempts:" + deviceId;
    }

    public Uni<Count> count(String deviceId) {
        return COUNT.run(redis, "1", key(deviceId), Long.toString(limits.connectWindow().toMillis()))
                .map(r -> new Count(r.get(0).toLong(), r.get(1).toLong()));
    }
}
