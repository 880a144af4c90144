package io.switchboard.notify.domain;

import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.HttpConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.switchboard.common.ws.PrebuiltTextFrame;
import io.vertx.core.http.ServerWebSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-socket state kept in the connection's {@code userData()}. Sends to the socket and changes to its
 * subscriptions happen under this object's monitor, so frames leave in the order they were decided.
 */
public final class SocketSession {
    public static final UserData.TypedKey<SocketSession> KEY = new UserData.TypedKey<>("switchboard.notify.session");
    /** The socket's HTTP connection, seeded at the upgrade: the last resort to cut a socket that ignores a close. */
    public static final UserData.TypedKey<HttpConnection> TRANSPORT = new UserData.TypedKey<>("switchboard.notify.transport");

    private final Caller caller;
    private final Executor writer;
    private final WebSocketConnection connection;
    private final ServerWebSocket socket;
    private final Channel channel;
    private final ChannelPromise prebuiltWrites;
    private final Map<String, ChannelCursor> cursors = new HashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile boolean closing;
    private volatile boolean gone;

    public SocketSession(Caller caller) {
        this(caller, null, null, null, null);
    }

    /**
     * @param writer     the event loop that owns the socket, or null: fan-out hands it the writes of all its
     *                   sockets in one task per event, instead of one cross-thread hop per socket
     * @param connection the socket this session belongs to (the fan-out's index holds sessions, not connections)
     * @param socket     the Vert.x socket under it, or null: frames are then written through the connection
     * @param channel    its Netty channel, or null: the outbound queue is then counted by write completions only
     */
    public SocketSession(Caller caller, Executor writer, WebSocketConnection connection, ServerWebSocket socket,
                         Channel channel) {
        this.caller = caller;
        this.writer = writer;
        this.connection = connection;
        this.socket = socket;
        this.channel = channel;
        this.prebuiltWrites = channel == null ? null : PrebuiltTextFrame.writable(channel);
    }

    /** The socket's Netty channel, or null when not known. */
    public Channel channel() {
        return channel;
    }

    /**
     * The promise a prebuilt event frame is written to this socket's channel with ({@link PrebuiltTextFrame#writeTo}),
     * or null when it may not be (no channel known, or an extension transforms its frames).
     */
    public ChannelPromise prebuiltWrites() {
        return prebuiltWrites;
    }

    /** The connection this session belongs to (null only in tests that drive a session alone). */
    public WebSocketConnection connection() {
        return connection;
    }

    /** The Vert.x socket frames are written to directly, or null (write through {@link #connection()}). */
    public ServerWebSocket socket() {
        return socket;
    }

    /** The socket's own event loop, or null when unknown (writes then go from the caller's thread). */
    public Executor writer() {
        return writer;
    }

    public Caller caller() {
        return caller;
    }

    /** Frames written through a completion stage ({@code Outbound.send}) and not yet flushed to the network. */
    public AtomicInteger queued() {
        return queued;
    }

    public synchronized ChannelCursor cursor(String channel) {
        return cursors.get(channel);
    }

    public synchronized void subscribe(String channel, ChannelCursor cursor) {
        cursors.put(channel, cursor);
    }

    public synchronized boolean unsubscribe(String channel) {
        return cursors.remove(channel) != null;
    }

    public synchronized int subscriptionCount() {
        return cursors.size();
    }

    public synchronized Set<String> channels() {
        return Set.copyOf(cursors.keySet());
    }

    /** Any frame from the browser, pongs included, counts as a sign of life. */
    public void touch() {
        lastSeenNanos = System.nanoTime();
    }

    public long idleNanos() {
        return System.nanoTime() - lastSeenNanos;
    }

    /** Marks the socket as being closed: nothing more is sent to it. */
    public synchronized boolean markClosing() {
        boolean first = !closing;
        closing = true;
        return first;
    }

    public boolean closing() {
        return closing;
    }

    /** Marks that the socket's close was observed (the TCP connection is over). */
    public void markGone() {
        closing = true;
        gone = true;
    }

    public boolean gone() {
        return gone;
    }
}
