package io.switchboard.common.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The cache of verified bearer tokens every service keeps ({@link VerifiedTokens}, {@link CachingJwtValidator}). */
@ConfigMapping(prefix = "switchboard.auth.token-cache")
public interface TokenCacheConfig {
    /** Most tokens kept, the least recently used dropped first; 0 turns the cache off (every request verified). */
    @WithDefault("10000")
    int maxEntries();

    /** Longest an accepted token is trusted without verifying it again, even when its {@code exp} is later. */
    @WithDefault("5m")
    Duration maxAge();
}
