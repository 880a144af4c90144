package io.switchboard.common.vertx;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The one place that reaches into Vert.x 4 internals ({@code io.vertx.core.impl.ContextInternal},
 * {@code io.vertx.core.net.impl.ConnectionBase}). Each use is something the public API cannot do, and each
 * degrades to the public behaviour when the internal type is not there (a Vert.x upgrade that moves it
 * then costs the feature, not the service):
 * <ul>
 *   <li>{@link #channel}: the Netty pipeline under an HTTP connection, to install the RFC 6455 frame
 *       checks ({@code common.ws.StrictWebSocketFrames});</li>
 *   <li>{@link #eventLoop}: the Netty event loop that writes a connection, so a socket's writes can be
 *       serialized on it without a hop (notify's {@code BrowserLink});</li>
 *   <li>{@link #cut}: closing a TCP connection from the head of its pipeline, past the handler that waits
 *       for queued frames to flush (notify's {@code Outbound}, for a client that stopped reading).</li>
 * </ul>
 * Check these when Vert.x moves to 5: {@code ContextInternal} and {@code ConnectionBase} changed there.
 */
public final class VertxInternals {
    private VertxInternals() {
    }

    /** The Netty handler context of Vert.x's handler on {@code connection}, when it is a Vert.x 4 TCP connection. */
    public static Optional<ChannelHandlerContext> channel(HttpConnection connection) {
        return connection instanceof ConnectionBase base ? Optional.of(base.channelHandlerContext()) : Optional.empty();
    }

    /** The Netty event loop behind {@code context}, or null when it has none to give. */
    public static Executor eventLoop(Context context) {
        return context instanceof ContextInternal internal ? internal.nettyEventLoop() : null;
    }

    /** Closes {@code connection}'s TCP channel at once, skipping queued writes; a graceful close if that is not possible. */
    public static void cut(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channel().pipeline().firstContext().close();
        } else {
            connection.close();
        }
    }
}
