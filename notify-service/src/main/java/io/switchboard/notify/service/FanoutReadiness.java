package io.switchboard.notify.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Redis fan-out subscription is up (Kafka and Redis have their own checks). */
@Readiness
@ApplicationScoped
public class FanoutReadiness implements HealthCheck {
    private final Fanout fanout;

    FanoutReadiness(Fanout fanout) {
        this.fanout = fanout;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("notify fan-out (Redis pub/sub)").status(fanout.listening()).build();
    }
}
