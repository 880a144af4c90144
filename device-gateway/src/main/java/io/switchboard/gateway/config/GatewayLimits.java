package io.switchboard.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits on device sockets ({@code gateway.limits.*}); the table is docs/limits.md. */
@ConfigMapping(prefix = "gateway.limits")
public interface GatewayLimits {

    /** Messages a device may send at once before the sustained rate applies (the token bucket's size). */
    @WithDefault("200")
    int messageBurst();

    /** Messages per second a device may send in the long run; over it a request gets -32007, a notification is dropped. */
    @WithDefault("100")
    double messagesPerSecond();

    /** Messages refused for rate a device may send within {@code strike-window}; one more closes it with 1008. */
    @WithDefault("20")
    int maxStrikes();

    /** The window in which refused messages are counted towards {@code max-strikes}. */
    @WithDefault("10s")
    Duration strikeWindow();

    /** Connection attempts one device id may make within {@code connect-window} (across gateways); more get 429. */
    @WithDefault("10")
    int connectAttempts();

    /** The fixed window of {@code connect-attempts}, counted in Redis from a device's first attempt. */
    @WithDefault("10s")
    Duration connectWindow();

    /** How long the upgrade waits for Redis to count an attempt; past it (or Redis down) the attempt is let in. */
    @WithDefault("1s")
    Duration redisTimeout();
}
