package io.switchboard.notify.endpoint;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses the upgrade with 403 when a browser's {@code Origin} is not in {@code notify.allowed-origins}
 * (cross-site WebSocket hijacking). A request without {@code Origin} is not from a browser and passes.
 */
@ApplicationScoped
public class OriginCheck implements HttpUpgradeCheck {
    private final Set<String> allowed;

    OriginCheck(NotifyConfig config) {
        this.allowed = config.allowedOrigins().stream().map(OriginCheck::normalize).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String origin = context.httpRequest().getHeader("Origin");
        if (origin != null && !allowed.contains(normalize(origin))) {
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

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(java.util.Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
