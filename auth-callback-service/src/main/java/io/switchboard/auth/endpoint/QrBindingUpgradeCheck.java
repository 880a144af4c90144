package io.switchboard.auth.endpoint;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.domain.BindingRefused;
import io.switchboard.auth.domain.LoginNotFound;
import io.switchboard.auth.service.BrowserBinding;
import io.switchboard.auth.service.LoginListeners;
import io.switchboard.auth.service.LoginReader;
import io.vertx.core.http.Cookie;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Lets a push socket open only for the browser holding the login's binding cookie: 404 unknown login,
 * 403 missing or wrong cookie, 503 when this process holds its maximum of waiters.
 */
@ApplicationScoped
public class QrBindingUpgradeCheck implements HttpUpgradeCheck {
    private final LoginReader reader;
    private final BrowserBinding binding;
    private final LoginListeners listeners;

    QrBindingUpgradeCheck(LoginReader reader, BrowserBinding binding, LoginListeners listeners) {
        this.reader = reader;
        this.binding = binding;
        this.listeners = listeners;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!listeners.hasRoom()) {
            return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("1")));
        }
        String loginId = context.pathParam("loginId");
        Cookie cookie = context.httpRequest().getCookie(binding.cookieName(loginId));
        return reader.findBound(loginId, cookie == null ? null : cookie.getValue())
                .map(login -> CheckResult.permitUpgradeSync())
                .onFailure(LoginNotFound.class).recoverWithItem(t -> CheckResult.rejectUpgradeSync(404))
                .onFailure(BindingRefused.class).recoverWithItem(t -> CheckResult.rejectUpgradeSync(403));
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return QrLoginSocket.ID.equals(endpointId);
    }
}
