package io.switchboard.gateway.endpoint;

import io.switchboard.gateway.messaging.AssignmentTracker;
import io.switchboard.gateway.service.GracefulShutdown;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses device connections with 503 (and {@code Retry-After}) until this gateway's command consumer
 * has its partitions (a device connected earlier could miss the commands sent to it), and again once
 * shutdown began (the device should reconnect to another replica). Runs after authentication, before
 * {@link ConnectAttemptCheck} ({@link DeviceSocketServer}).
 */
@ApplicationScoped
public class DeviceUpgradeCheck {
    private final AssignmentTracker assignment;
    private final GracefulShutdown shutdown;

    DeviceUpgradeCheck(AssignmentTracker assignment, GracefulShutdown shutdown) {
        this.assignment = assignment;
        this.shutdown = shutdown;
    }

    /** True when the upgrade is refused: the 503 is then written. */
    boolean refused(HttpServerResponse response) {
        if (assignment.assigned() && !shutdown.draining()) {
            return false;
        }
        if (!response.ended()) {
            response.setStatusCode(503).putHeader("Retry-After", "1").end();
        }
        return true;
    }
}
