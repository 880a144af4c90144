package io.switchboard.auth.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.RateLimited;
import io.switchboard.auth.store.RateLimitStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code qr.rate-limit.logins} creations per client address and {@code qr.rate-limit.window}, counted in
 * Redis so all replicas share the budget. The address is the connection's peer, or the forwarded client
 * only when {@code quarkus.http.proxy.*} says the proxy is trusted.
 */
@ApplicationScoped
class RateLimiter {
    private final RateLimitStore store;
    private final QrConfig config;

    RateLimiter(RateLimitStore store, QrConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Fails with {@link RateLimited} (until the window resets) when the address used its budget. */
    public Uni<Void> check(String address) {
        return store.hit(address, config.rateLimit().window()).invoke(hit -> {
            if (hit.count() > config.rateLimit().logins()) {
                Log.debugf("rate limit hit by %s (%d in window)", address, hit.count());
                throw new RateLimited(hit.untilReset());
            }
        }).replaceWithVoid();
    }
}
