package io.switchboard.gateway.health;

import io.switchboard.gateway.messaging.AssignmentTracker;
import io.switchboard.gateway.service.LocalDevices;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the command consumer reads at least one partition, its route (Kafka and Redis have their own checks). */
@Readiness
@ApplicationScoped
class CommandConsumerReadiness implements HealthCheck {
    private final AssignmentTracker assignment;
    private final LocalDevices local;

    CommandConsumerReadiness(AssignmentTracker assignment, LocalDevices local) {
        this.assignment = assignment;
        this.local = local;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("device-commands consumer")
                .status(assignment.assigned()).withData("partitions", assignment.route().format())
                .withData("devices", local.size()).build();
    }
}
