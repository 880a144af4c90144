package io.switchboard.common.ws;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * RFC 6455 on every socket path a service lists in {@code switchboard.websockets.strict-paths}: a protocol
 * violation is answered with its close code (1002, 1007 for text that is not UTF-8, 1009 for a frame over the
 * size limit) instead of a dropped connection, and no compression extension is offered. A service with no
 * socket lists none and is left as Vert.x ships. See {@link StrictWebSocketFrames} and docs/conformance.md.
 */
@ApplicationScoped
public class StrictFrames implements HttpServerOptionsCustomizer {
    private final WebSocketConfig config;

    StrictFrames(WebSocketConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        config.strictPaths().ifPresent(paths -> paths.forEach(path -> StrictWebSocketFrames.route(router, path)));
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        if (config.strictPaths().isPresent()) {
            StrictWebSocketFrames.configure(options);
        }
    }
}
