package io.switchboard.notify.service;

import io.netty.channel.ChannelPromise;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.common.vertx.VertxInternals;
import io.switchboard.common.ws.PrebuiltTextFrame;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.EventFrame;
import io.switchboard.notify.domain.SocketSession;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Every write to a browser socket goes through here. A socket may have at most
 * {@code notify.socket.max-queued} frames handed to it and not yet flushed; one more and it is closed
 * with 4001 (slow consumer), so a stalled browser never holds more memory than that, nor slows others.
 * The queue is what waits in the socket's Netty outbound buffer plus the frames of {@link #send} still on their
 * way to it, so a live event ({@link #sendLive}) needs no completion listener. Callers hold the session's
 * monitor, so frames leave in the order they were decided.
 */
@ApplicationScoped
class Outbound {
    private static final IllegalStateException CLOSING = new IllegalStateException("socket closing");
    private static final CompletionStage<Void> REFUSED = CompletableFuture.failedFuture(CLOSING);

    private final NotifyConfig config;
    private final NotifyMetrics metrics;
    private final Vertx vertx;

    Outbound(NotifyConfig config, NotifyMetrics metrics, Vertx vertx) {
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    /** Writes a frame; the stage completes when it is flushed and fails when it was refused or lost. */
    public CompletionStage<Void> send(WebSocketConnection connection, SocketSession session, String text) {
        if (!admit(connection, session)) {
            return REFUSED;
        }
        ServerWebSocket socket = session.socket();
        if (socket != null) {
            return socket.writeTextMessage(text).onComplete(ar -> session.queued().decrementAndGet()).toCompletionStage();
        }
        return connection.sendText(text)
                .onTermination().invoke(() -> session.queued().decrementAndGet())
                .subscribeAsCompletionStage();
    }

    /**
     * Writes a live event from the fan-out, on the socket's own event loop, with no {@code Uni}, stage, context
     * capture or completion listener: the event's frame, encoded once for all sockets, goes straight to the socket's
     * Netty channel ({@link PrebuiltTextFrame}); a socket that cannot take it prebuilt gets the text through its
     * Vert.x socket ({@link RawSockets}). True when it was handed to the socket; the caller records the deliveries
     * ({@link NotifyMetrics#delivered(int, Instant)}). A write that fails afterwards means the socket is gone, which
     * its close handles.
     */
    public boolean sendLive(WebSocketConnection connection, SocketSession session, EventFrame event, PrebuiltTextFrame frame) {
        ServerWebSocket socket = session.socket();
        if (socket == null || session.channel() == null) {
            sendEvent(connection, session, event);
            return false;
        }
        if (session.closing() || socket.isClosed()) {
            return false;
        }
        if (queueLength(session) >= config.socket().maxQueued()) {
            slowConsumer(connection, session);
            return false;
        }
        ChannelPromise prebuilt = session.prebuiltWrites();
        if (frame != null && prebuilt != null && session.channel().eventLoop().inEventLoop()) {
            frame.writeTo(session.channel(), prebuilt);
        } else {
            socket.writeTextMessage(event.text(), null);
        }
        return true;
    }

    /** Takes a slot of the socket's outbound queue; false (and closed with 4001 when it is full) if it may not be sent. */
    private boolean admit(WebSocketConnection connection, SocketSession session) {
        if (session.closing() || !connection.isOpen()) {
            return false;
        }
        if (queueLength(session) >= config.socket().maxQueued()) {
            slowConsumer(connection, session);
            return false;
        }
        session.queued().incrementAndGet();
        return true;
    }

    /** Frames handed to the socket and not yet taken by the kernel. */
    private static int queueLength(SocketSession session) {
        return session.queued().get() + (session.channel() == null ? 0 : VertxInternals.pendingWrites(session.channel()));
    }

    private void failed(WebSocketConnection connection, EventFrame event, Throwable failure) {
        metrics.deliveryFailed();
        Log.debugf("[socket %s][channel %s] event %s not written: %s", connection.id(), event.channel(), event.id(),
                failure.getMessage());
    }

    /** Writes an event notification and records the delivery and its latency from ingest. */
    public CompletionStage<Void> sendEvent(WebSocketConnection connection, SocketSession session, EventFrame event) {
        return send(connection, session, event.text()).whenComplete((ok, failure) -> {
            if (failure == null) {
                metrics.delivered(Duration.between(event.time(), Instant.now()));
            } else if (failure != CLOSING) {
                failed(connection, event, failure);
            }
        });
    }

    public void slowConsumer(WebSocketConnection connection, SocketSession session) {
        if (session.markClosing()) {
            metrics.slowConsumer();
            Log.infof("[socket %s][user %s] outbound queue full (%d frames): closing with 4001", connection.id(),
                    session.caller().userId(), config.socket().maxQueued());
            closeNow(connection, session, CloseCodes.SLOW_CONSUMER, "slow consumer");
        }
    }

    /** Closes the socket with {@code code}; if it has not gone after {@code notify.socket.close-grace}, cuts the TCP connection. */
    public void close(WebSocketConnection connection, SocketSession session, int code, String reason) {
        if (session.markClosing()) {
            closeNow(connection, session, code, reason);
        }
    }

    private void closeNow(WebSocketConnection connection, SocketSession session, int code, String reason) {
        connection.close(new CloseReason(code, reason)).subscribe().with(v -> { },
                t -> Log.debugf("[socket %s] close: %s", connection.id(), t.getMessage()));
        HttpConnection transport = connection.userData().get(SocketSession.TRANSPORT);
        if (transport != null) {
            vertx.setTimer(Math.max(1, config.socket().closeGrace().toMillis()), id -> {
                if (!session.gone()) {
                    Log.infof("[socket %s] still open %d ms after its close: cutting the TCP connection", connection.id(),
                            config.socket().closeGrace().toMillis());
                    // the close frame waits behind queued frames, which a stalled client never takes
                    VertxInternals.cut(transport);
                }
            });
        }
    }
}
