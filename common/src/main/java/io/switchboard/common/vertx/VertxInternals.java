package io.switchboard.common.vertx;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleStateHandler;
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
 *       for queued frames to flush (notify's {@code Outbound}, for a client that stopped reading);</li>
 *   <li>{@link #pendingWrites}: how many frames wait in a channel's outbound buffer, a socket's queue length without
 *       a completion listener on every write (notify's fan-out);</li>
 *   <li>{@link #dropIdleHandler}: removes the HTTP idle timeout's handler from an upgraded socket, which adds a
 *       listener to every write; a socket's liveness is the service's own (pings, pongs and its idle sweep).</li>
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

    /** The Netty channel under {@code connection}, or null when it is not a Vert.x 4 TCP connection. */
    public static Channel nettyChannel(HttpConnection connection) {
        return connection instanceof ConnectionBase base ? base.channel() : null;
    }

    /** Messages written to {@code channel} and not yet taken by the kernel (0 once it is closed). Any thread: approximate off its loop. */
    public static int pendingWrites(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.size();
    }

    /** Removes the HTTP server's idle-timeout handler, if any, from an upgraded socket's pipeline (on its event loop). */
    public static void dropIdleHandler(Channel channel) {
        channel.eventLoop().execute(() -> {
            if (channel.pipeline().get(IdleStateHandler.class) != null) {
                channel.pipeline().remove(IdleStateHandler.class);
            }
        });
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
