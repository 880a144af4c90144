package io.switchboard.notify.domain;

import io.quarkus.websockets.next.UserData;
import io.vertx.core.http.HttpConnection;
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
    private final Map<String, ChannelCursor> cursors = new HashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile boolean closing;
    private volatile boolean gone;

    public SocketSession(Caller caller) {
        this(caller, null);
    }

    /**
     * @param writer the event loop that owns the socket, or null: fan-out hands it the writes of all its
     *               sockets in one task per event, instead of one cross-thread hop per socket
     */
    public SocketSession(Caller caller, Executor writer) {
        this.caller = caller;
        this.writer = writer;
    }

    /** The socket's own event loop, or null when unknown (writes then go from the caller's thread). */
    public Executor writer() {
        return writer;
    }

    public Caller caller() {
        return caller;
    }

    /** Frames handed to the socket and not yet flushed to the network. */
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
