package io.switchboard.notify.endpoint;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.web.Origins;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses the upgrade with 403 when a browser's {@code Origin} is not in {@code notify.allowed-origins}
 * (cross-site WebSocket hijacking). A request without {@code Origin} is not from a browser and passes.
 */
@ApplicationScoped
public class OriginCheck implements HttpUpgradeCheck {
    private final Origins allowed;

    OriginCheck(NotifyConfig config) {
        this.allowed = Origins.of(config.allowedOrigins());
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String origin = context.httpRequest().getHeader("Origin");
        if (!allowed.permits(origin)) {
            Log.infof("refused a socket from origin %s (not in notify.allowed-origins)", origin);
            return CheckResult.rejectUpgrade(403);
        }
        context.userData().put(SocketSession.TRANSPORT, context.httpRequest().connection());
        return CheckResult.permitUpgrade();
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return NotificationSocket.ID.equals(endpointId);
    }
}
