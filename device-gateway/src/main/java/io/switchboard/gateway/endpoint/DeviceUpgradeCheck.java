package io.switchboard.gateway.endpoint;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.messaging.AssignmentTracker;
import io.switchboard.gateway.service.GracefulShutdown;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Refuses device connections with 503 (and {@code Retry-After}) until this gateway's command consumer
 * has its partitions (a device connected earlier could miss the commands sent to it), and again once
 * shutdown began (the device should reconnect to another replica).
 */
@ApplicationScoped
public class DeviceUpgradeCheck implements HttpUpgradeCheck {
    private final AssignmentTracker assignment;
    private final GracefulShutdown shutdown;

    DeviceUpgradeCheck(AssignmentTracker assignment, GracefulShutdown shutdown) {
        this.assignment = assignment;
        this.shutdown = shutdown;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!assignment.assigned() || shutdown.draining()) {
            return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("1")));
        }
        return CheckResult.permitUpgrade();
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return DeviceSocket.ID.equals(endpointId);
    }
}
