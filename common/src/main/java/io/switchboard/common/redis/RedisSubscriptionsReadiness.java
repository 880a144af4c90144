package io.switchboard.common.redis;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while every Redis subscription of this process is up; says which is missing and why. */
@Readiness
@ApplicationScoped
public class RedisSubscriptionsReadiness implements HealthCheck {
    private final RedisSubscriptions subscriptions;

    RedisSubscriptionsReadiness(RedisSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("redis subscriptions").up();
        for (RedisSubscription s : subscriptions.all()) {
            b.withData(s.name(), s.up() ? "up" : "down: " + s.reason());
            if (!s.up()) {
                b.down();
            }
        }
        return b.build();
    }
}
