package io.switchboard.common.redis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How every Redis pub/sub subscription of a service comes back after its connection drops. */
@ConfigMapping(prefix = "switchboard.redis.subscriptions")
public interface RedisSubscriptionConfig {
    /** First wait before subscribing again after a lost connection (doubles per failed attempt). */
    @WithDefault("100ms")
    Duration minBackoff();

    /** Longest wait between attempts: bounds how long after Redis is back a subscription returns. */
    @WithDefault("1s")
    Duration maxBackoff();

    /**
     * How often a heartbeat is published on the subscription's first channel; one not heard back by the next
     * beat counts as a lost connection (catches half-open links). 0 turns it off.
     */
    @WithDefault("15s")
    Duration heartbeatInterval();
}
