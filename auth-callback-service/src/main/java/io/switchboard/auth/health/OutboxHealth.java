package io.switchboard.auth.health;

import io.switchboard.auth.messaging.OutboxMetrics;
import io.switchboard.auth.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The business-log relay in readiness, for people: always UP, since logins work while Kafka is away (their
 * records wait in the outbox); the data says how many records wait and why the relay is retrying.
 */
@Readiness
@ApplicationScoped
class OutboxHealth implements HealthCheck {
    private final OutboxRelay relay;
    private final OutboxMetrics metrics;

    OutboxHealth(OutboxRelay relay, OutboxMetrics metrics) {
        this.relay = relay;
        this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("qr-outbox").up().withData("depth", metrics.depth());
        String failure = relay.lastFailure();
        if (failure != null) {
            b.withData("retrying", failure);
        }
        return b.build();
    }
}
