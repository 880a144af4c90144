package io.switchboard.auth.service;

import io.switchboard.auth.store.ChangeFeed;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Redis pub/sub subscription is up: without it, waiters would not wake. */
@Readiness
@ApplicationScoped
public class ChangeFeedHealth implements HealthCheck {
    private final ChangeFeed feed;
    private final LoginListeners listeners;

    ChangeFeedHealth(ChangeFeed feed, LoginListeners listeners) {
        this.feed = feed;
        this.listeners = listeners;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("qr-change-feed").status(feed.up())
                .withData("waiters", listeners.size()).build();
    }
}
