package io.switchboard.notify.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits on browser sockets ({@code notify.limits.*}, env e.g. {@code NOTIFY_LIMITS_CONNECTIONS_PER_USER}); the table is docs/limits.md. */
@ConfigMapping(prefix = "notify.limits")
public interface NotifyLimits {

    /** Messages a socket may send at once before the sustained rate applies (covers a resubscribe to 64 channels). */
    @WithDefault("100")
    int messageBurst();

    /** Messages per second a socket may send in the long run; over it a request gets -32007 with {@code retryAfterMs}. */
    @WithDefault("20")
    double messagesPerSecond();

    /** Messages refused for rate a socket may send within {@code strike-window}; one more closes it with 1008. */
    @WithDefault("20")
    int maxStrikes();

    /** The window in which refused messages are counted towards {@code max-strikes}. */
    @WithDefault("10s")
    Duration strikeWindow();

    /** Sockets one user ({@code sub}) may hold open at once across all replicas; one more is refused with 429. */
    @WithDefault("20")
    int connectionsPerUser();

    /** How long a socket's entry in its user's count lives without a refresh: a crashed replica's sockets stop counting after it. */
    @WithDefault("60s")
    Duration connectionLease();

    /** How often each replica refreshes the entries of the sockets it holds (well under {@code connection-lease}). */
    @WithDefault("20s")
    Duration connectionLeaseRefresh();

    /** The {@code Retry-After} of a 429 for too many sockets of one user. */
    @WithDefault("10s")
    Duration connectionRetryAfter();

    /** {@code subscribe} calls with {@code since} whose history replay may run at once on one socket; one more gets -32007. */
    @WithDefault("2")
    int concurrentReplays();

    /** The {@code retryAfterMs} of a {@code subscribe} refused because of {@code concurrent-replays}. */
    @WithDefault("250ms")
    Duration replayRetryAfter();

    /** How long the upgrade waits for Redis to count a user's sockets; past it (or Redis down) the socket is let in. */
    @WithDefault("1s")
    Duration redisTimeout();
}
