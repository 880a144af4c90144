package io.switchboard.gateway.endpoint;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The device link's WebSocket limits, on the gateway's HTTP server (its only socket is {@code /devices/ws}):
 * a frame whose header announces more than {@code gateway.max-frame-bytes} is refused by Netty's decoder before
 * anything is read, and a message (fragmented too, also while unfinished) over {@code gateway.max-message-bytes}
 * is refused by Vert.x's aggregator; both close with 1009 (common's StrictFrames for the frame,
 * {@link DeviceSocketServer} for the message). No compression extension is offered (machines send small JSON;
 * a deflater per socket costs memory). websockets-next set the same three Vert.x options from its own settings.
 */
@ApplicationScoped
class DeviceSocketOptions implements HttpServerOptionsCustomizer {
    private final GatewayConfig config;

    DeviceSocketOptions(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        apply(options);
    }

    private void apply(HttpServerOptions options) {
        options.setMaxWebSocketMessageSize(config.maxMessageBytes())
                .setMaxWebSocketFrameSize(config.maxFrameBytes())
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
    }
}
