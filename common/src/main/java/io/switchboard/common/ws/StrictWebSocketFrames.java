package io.switchboard.common.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.switchboard.common.vertx.VertxInternals;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * Makes a Vert.x 4 WebSocket fail the way RFC 6455 asks (see docs/conformance.md). As shipped, Vert.x builds
 * Netty's frame decoder with {@code closeOnProtocolViolation(false)} and then drops the TCP connection on any
 * violation without a close frame; it never checks that text is UTF-8 (invalid bytes become U+FFFD); and it
 * accepts per-frame compression, so the reserved bits are not checked. {@link #install} adds two Netty
 * handlers between the frame decoder and Vert.x on an upgrade request's connection: Netty's
 * {@link Utf8FrameValidator} (text and its continuations, also split inside a character) and
 * {@link CloseOnProtocolViolation}, which answers every violation with the close code it carries (1002,
 * 1007, 1009) and then closes. {@link #configure} turns per-frame compression off.
 */
public final class StrictWebSocketFrames {
    static final String UTF8 = "switchboard-ws-utf8";
    static final String CLOSER = "switchboard-ws-close-on-violation";

    private StrictWebSocketFrames() {
    }

    /**
     * Installs the handlers on every upgrade request to {@code path} (a Vert.x Web route path, e.g.
     * {@code /qr-logins/:loginId/ws}), ahead of every other route. {@link StrictFrames} calls this for each
     * path in {@code switchboard.websockets.strict-paths}.
     */
    public static void route(Router router, String path) {
        router.route(path).order(-2000).handler(rc -> {
            install(rc.request());
            rc.next();
        });
    }

    /**
     * For a route on the socket's path, before the upgrade: installs the handlers on the request's HTTP/1.1
     * connection. They let HTTP messages through untouched (an upgrade refused with 401 leaves a normal
     * keep-alive connection) and act on WebSocket frames once the handshake replaced the HTTP decoder.
     */
    public static void install(HttpServerRequest request) {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            return;
        }
        ChannelHandlerContext vertx = VertxInternals.channel(request.connection()).orElse(null);
        if (vertx == null) {
            return;
        }
        ChannelPipeline pipeline = vertx.pipeline();
        if (pipeline.get(CLOSER) != null) {
            return;
        }
        pipeline.addBefore(vertx.name(), UTF8, new Utf8FrameValidator(false));
        pipeline.addBefore(vertx.name(), CLOSER, new CloseOnProtocolViolation());
    }

    /**
     * Turns off per-frame compression (Vert.x offers it by default; websockets-next only configures the
     * per-message kind), so no extension can be negotiated and an RSV bit is a protocol error.
     */
    public static void configure(HttpServerOptions options) {
        options.setPerFrameWebSocketCompressionSupported(false);
    }
}
