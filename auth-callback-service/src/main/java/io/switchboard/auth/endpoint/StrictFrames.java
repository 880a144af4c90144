package io.switchboard.auth.endpoint;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.switchboard.common.ws.StrictWebSocketFrames;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * RFC 6455 on the QR push socket: a protocol violation is answered with its close code (1002, 1007 for text
 * that is not UTF-8, 1009 for a frame over the size limit) instead of a dropped connection, and no
 * compression extension is offered. See {@link StrictWebSocketFrames} and docs/conformance.md.
 */
@ApplicationScoped
public class StrictFrames implements HttpServerOptionsCustomizer {

    void install(@Observes Router router) {
        StrictWebSocketFrames.route(router, "/qr-logins/:loginId/ws");
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        StrictWebSocketFrames.configure(options);
    }
}
