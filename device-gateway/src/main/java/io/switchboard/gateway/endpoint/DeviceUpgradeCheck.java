package io.switchboard.gateway.endpoint;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.messaging.AssignmentTracker;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Refuses device connections with 503 (and {@code Retry-After}) until this gateway's command consumer
 * has its partitions: a device connected earlier could miss the commands sent to it.
 */
@ApplicationScoped
public class DeviceUpgradeCheck implements HttpUpgradeCheck {
    private final AssignmentTracker assignment;

    DeviceUpgradeCheck(AssignmentTracker assignment) {
        this.assignment = assignment;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!assignment.assigned()) {
            return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("1")));
        }
        return CheckResult.permitUpgrade();
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return DeviceSocket.ID.equals(endpointId);
    }
}
