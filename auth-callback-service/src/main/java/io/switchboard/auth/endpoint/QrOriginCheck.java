package io.switchboard.auth.endpoint;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.common.web.Origins;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses the push socket's upgrade with 403 when a browser's {@code Origin} is neither this service's own
 * page (the {@code Origin} names the request's {@code Host}) nor in {@code qr.allowed-origins}: cross-site
 * WebSocket hijacking, also from a same-site sibling that SameSite cookies let through. A request without
 * {@code Origin} is not a browser and passes (it still needs the binding cookie, {@link QrBindingUpgradeCheck}).
 */
@ApplicationScoped
public class QrOriginCheck implements HttpUpgradeCheck {
    private final Origins allowed;

    QrOriginCheck(QrConfig config) {
        this.allowed = Origins.of(config.allowedOrigins());
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String origin = context.httpRequest().getHeader("Origin");
        if (allowed.permits(origin) || Origins.sameHost(origin, context.httpRequest().getHeader("Host"))) {
            return CheckResult.permitUpgrade();
        }
        Log.infof("[login %s] refused a push socket from origin %s (not this service's page, not in qr.allowed-origins)",
                context.pathParam("loginId"), origin);
        return CheckResult.rejectUpgrade(403);
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return QrLoginSocket.ID.equals(endpointId);
    }
}
