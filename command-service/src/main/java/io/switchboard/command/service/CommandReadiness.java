package io.switchboard.command.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while this instance hears command updates from Redis (Kafka and Redis have their own checks). */
@Readiness
@ApplicationScoped
public class CommandReadiness implements HealthCheck {
    private final Waiters waiters;

    CommandReadiness(Waiters waiters) {
        this.waiters = waiters;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("command updates").status(waiters.listening())
                .withData("waiting", waiters.size()).build();
    }
}
