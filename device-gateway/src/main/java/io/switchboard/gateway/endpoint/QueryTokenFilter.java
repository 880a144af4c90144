package io.switchboard.gateway.endpoint;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Machines that cannot set headers may pass the token as {@code ?access_token=} on the device link.
 * This copies it into {@code Authorization} before Quarkus' HTTP authentication runs (so before
 * {@link DeviceSocketServer} reads the identity). The query string is never
 * logged (access logging is off; see application.properties).
 */
@ApplicationScoped
class QueryTokenFilter {
    void install(@Observes Router router) {
        router.route(DeviceSocketServer.PATH).order(-1000).handler(rc -> {
            String token = rc.request().getParam("access_token");
            if (token != null && !token.isBlank() && rc.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
                rc.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            }
            rc.next();
        });
    }
}
