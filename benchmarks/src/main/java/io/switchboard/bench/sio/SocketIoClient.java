package io.switchboard.bench.sio;

import io.switchboard.bench.proc.OnLoop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * A minimal Socket.IO v5 client (Engine.IO v4, websocket transport only, default namespace, no binary
 * packets) over a raw Vert.x WebSocket, for driving the Socket.IO comparison server with the same load
 * generator as the platform. Each WebSocket text message is one Engine.IO packet:
 * {@code 0} open, {@code 2} ping (answered {@code 3}), {@code 1} close, {@code 4} message carrying a
 * Socket.IO packet: {@code 40} connect, {@code 41} disconnect, {@code 42[id]} event, {@code 43id} ack,
 * {@code 44} connect error. Unknown or binary packets are ignored.
 *
 * <p>Connection state recovery (a server with {@code connectionStateRecovery}): the CONNECT acknowledgement
 * names the session's {@code pid}, and each event broadcast to a room ends with its offset (a string, the
 * last argument). {@link #drop} ends the connection as a network drop would (no DISCONNECT packet, so the
 * server keeps the session), and {@link #connect(Vertx, WebSocketClient, WebSocketConnectOptions, String,
 * SocketIoClient, BiConsumer)} with the dropped client sends that pid and the last offset it read in its
 * CONNECT, as the official client does: the server then sends the missed events, before its acknowledgement.
 *
 * <p>Handlers run on the connection's event loop; {@link #emitWithAck} and {@link #close} may be called
 * from any thread.
 */
public final class SocketIoClient {
    /** The endpoint's path and query on a Socket.IO server: Engine.IO 4 over a WebSocket from the start. */
    public static final String PATH = "/socket.io/?EIO=4&transport=websocket";

    private final WebSocket ws;
    private final String token;
    private final SocketIoClient previous;
    /** The session id the server gave (recovery on), or the previous connection's until the server answers. */
    private volatile String pid;
    private volatile String lastOffset;
    private volatile boolean recovered;
    private final Promise<SocketIoClient> connected = Promise.promise();
    private final Map<Integer, Promise<String>> acks = new ConcurrentHashMap<>();
    private final AtomicInteger nextAck = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile BiConsumer<String, String> eventHandler = (name, payload) -> { };
    private volatile BiFunction<String, String, String> ackRequestHandler;
    private volatile Runnable closeHandler = () -> { };

    private SocketIoClient(WebSocket ws, String token, SocketIoClient previous, BiConsumer<String, String> eventHandler) {
        this.ws = ws;
        this.token = token;
        this.previous = previous;
        this.pid = previous == null ? null : previous.pid;
        this.lastOffset = previous == null ? null : previous.lastOffset;
        this.eventHandler = eventHandler;
    }

    /**
     * Connects and completes when the namespace CONNECT was acknowledged ({@code 40{"sid":...}}); fails
     * on a CONNECT_ERROR ({@code 44}), on a socket error or when the socket closes first.
     *
     * @param vertx   the Vert.x of {@code client}, on whose event loop the connect runs ({@link OnLoop})
     * @param options absolute URI of the endpoint already set, e.g.
     *                {@code ws://127.0.0.1:38090/socket.io/?EIO=4&transport=websocket}
     * @param token   sent as the CONNECT auth payload {@code {"token":"..."}}
     */
    public static Future<SocketIoClient> connect(Vertx vertx, WebSocketClient client, WebSocketConnectOptions options, String token) {
        return connect(vertx, client, options, token, null, (name, payload) -> { });
    }

    /**
     * As {@link #connect(Vertx, WebSocketClient, WebSocketConnectOptions, String)}, with the event handler in
     * place before anything is read, and resuming {@code previous} (null: a new session): its pid and last
     * offset go in the CONNECT. The missed events the server sends come to {@code eventHandler} before this
     * completes; {@link #recovered()} then tells whether the server restored the session.
     */
    public static Future<SocketIoClient> connect(Vertx vertx, WebSocketClient client, WebSocketConnectOptions options, String token,
                                                 SocketIoClient previous, BiConsumer<String, String> eventHandler) {
        return OnLoop.call(vertx, () -> client.connect(options).compose(ws -> {
            SocketIoClient sio = new SocketIoClient(ws, token, previous, eventHandler);
            ws.textMessageHandler(sio::onText);
            ws.exceptionHandler(sio::onError);
            ws.closeHandler(v -> sio.onClosed());
            return sio.connected.future();
        }));
    }

    /** Handler for server events without an ack: (event name, raw JSON text of the first argument, or null if none). */
    public SocketIoClient onEvent(BiConsumer<String, String> handler) {
        this.eventHandler = handler;
        return this;
    }

    /**
     * Handler for server events WITH an ack (e.g. {@code command} for a simulated device): gets (event name,
     * raw JSON of the first argument) and returns the JSON text of the reply, sent back as
     * {@code 43<id>[reply]} ({@code 43<id>[]} for null). Without such a handler these events go to
     * {@link #onEvent} and are not acknowledged.
     */
    public SocketIoClient onAckRequest(BiFunction<String, String, String> handler) {
        this.ackRequestHandler = handler;
        return this;
    }

    /** Called once when the connection is gone (server disconnect, close, error). */
    public SocketIoClient onClose(Runnable handler) {
        this.closeHandler = handler;
        return this;
    }

    /**
     * Emits {@code 42<id>["event",payload]}; completes with the raw JSON text inside the ack array (the
     * single reply value in the usual case), fails if the connection closes first.
     *
     * @param jsonPayload raw JSON of the single argument, or null for none
     */
    public Future<String> emitWithAck(String event, String jsonPayload) {
        if (closed.get()) {
            return Future.failedFuture("socket.io connection closed");
        }
        int id = nextAck.incrementAndGet() & Integer.MAX_VALUE;
        Promise<String> reply = Promise.promise();
        acks.put(id, reply);
        StringBuilder frame = new StringBuilder(16 + event.length() + (jsonPayload == null ? 0 : jsonPayload.length()))
                .append("42").append(id).append('[');
        JsonScan.quote(frame, event);
        if (jsonPayload != null) {
            frame.append(',').append(jsonPayload);
        }
        ws.writeTextMessage(frame.append(']').toString()).onFailure(e -> {
            Promise<String> pending = acks.remove(id);
            if (pending != null) {
                pending.tryFail(e);
            }
        });
        if (closed.get()) {
            failPending();
        }
        return reply.future();
    }

    /** The session id of connection state recovery, or null when the server does not keep sessions. */
    public String pid() {
        return pid;
    }

    /** The offset of the last event read (recovery on), or null before the first. */
    public String lastOffset() {
        return lastOffset;
    }

    /** Whether the server restored the previous connection's session (same pid in its acknowledgement). */
    public boolean recovered() {
        return recovered;
    }

    /**
     * Closes the WebSocket without the Socket.IO DISCONNECT, as a dropped network would end it: the server
     * sees a transport close, a reason it keeps the session for (an explicit disconnect it does not).
     */
    public Future<Void> drop() {
        return ws.isClosed() ? Future.succeededFuture() : ws.close().onComplete(r -> onClosed());
    }

    /** Sends the Socket.IO DISCONNECT ({@code 41}) and closes the WebSocket. */
    public Future<Void> close() {
        if (ws.isClosed()) {
            onClosed();
            return Future.succeededFuture();
        }
        ws.writeTextMessage("41");
        return ws.close().onComplete(r -> onClosed());
    }

    private void onText(String text) {
        if (text.isEmpty()) {
            return;
        }
        switch (text.charAt(0)) {
            case '0' -> ws.writeTextMessage(connectFrame()); // open: {"sid","upgrades","pingInterval","pingTimeout","maxPayload"}
            case '2' -> ws.writeTextMessage("3");            // ping -> pong
            case '1' -> ws.close();                            // engine.io close
            case '4' -> onPacket(text);
            default -> { }                                     // pong, upgrade, noop
        }
    }

    private String connectFrame() {
        StringBuilder frame = new StringBuilder(token.length() + 96).append("40{\"token\":");
        JsonScan.quote(frame, token);
        if (previous != null && previous.pid != null && previous.lastOffset != null) {
            frame.append(",\"pid\":");
            JsonScan.quote(frame, previous.pid);
            frame.append(",\"offset\":");
            JsonScan.quote(frame, previous.lastOffset);
        }
        return frame.append('}').toString();
    }

    /** A Socket.IO packet: {@code 4<type>[/nsp,][ackId][json]}. */
    private void onPacket(String text) {
        if (text.length() < 2) {
            return;
        }
        char type = text.charAt(1);
        int i = 2;
        int n = text.length();
        if (i < n && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            String nsp = comma < 0 ? text.substring(i) : text.substring(i, comma);
            if (!"/".equals(nsp)) {
                return; // another namespace: not ours
            }
            i = comma < 0 ? n : comma + 1;
        }
        int ackId = -1;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            ackId = (ackId < 0 ? 0 : ackId * 10) + (text.charAt(i++) - '0');
        }
        switch (type) {
            case '0' -> {
                String given = JsonScan.stringMember(text, i, "pid");
                recovered = given != null && previous != null && given.equals(previous.pid);
                pid = given;
                connected.tryComplete(this);
            }
            case '4' -> {
                connected.tryFail(new IllegalStateException("socket.io connect error: " + text.substring(i)));
                ws.close();
            }
            case '1' -> ws.close();
            case '2' -> onEventPacket(text, i, ackId);
            case '3' -> {
                Promise<String> reply = ackId < 0 ? null : acks.remove(ackId);
                if (reply != null) {
                    reply.tryComplete(JsonScan.inner(text, i));
                }
            }
            default -> { } // binary event / ack: not supported
        }
    }

    /** {@code ["name",arg,...]} starting at {@code from}. */
    private void onEventPacket(String text, int from, int ackId) {
        int n = text.length();
        int i = JsonScan.skipSpace(text, from);
        if (i >= n || text.charAt(i) != '[') {
            return;
        }
        i = JsonScan.skipSpace(text, i + 1);
        if (i >= n || text.charAt(i) != '"') {
            return;
        }
        int nameEnd = JsonScan.valueEnd(text, i);
        if (nameEnd < 0) {
            return;
        }
        String name = JsonScan.unquote(text, i, nameEnd);
        String payload = null;
        String last = null; // the last argument after the first, when it is a string: an offset (recovery on)
        i = JsonScan.skipSpace(text, nameEnd);
        while (i < n && text.charAt(i) == ',') {
            int start = JsonScan.skipSpace(text, i + 1);
            int end = JsonScan.valueEnd(text, start);
            if (end < 0) {
                return;
            }
            if (payload == null) {
                payload = text.substring(start, end);
            } else {
                last = text.charAt(start) == '"' ? JsonScan.unquote(text, start, end) : null;
            }
            i = JsonScan.skipSpace(text, end);
        }
        if (pid != null && last != null) {
            lastOffset = last;
        }
        BiFunction<String, String, String> answer = ackRequestHandler;
        if (ackId >= 0 && answer != null) {
            String reply = answer.apply(name, payload);
            ws.writeTextMessage("43" + ackId + (reply == null ? "[]" : "[" + reply + "]"));
        } else {
            eventHandler.accept(name, payload);
        }
    }

    private void onError(Throwable e) {
        connected.tryFail(e);
        if (!ws.isClosed()) {
            ws.close();
        }
        onClosed();
    }

    private void onClosed() {
        if (closed.compareAndSet(false, true)) {
            connected.tryFail(new IllegalStateException("socket.io connection closed before CONNECT was acknowledged"));
            failPending();
            closeHandler.run();
        }
    }

    private void failPending() {
        for (Integer id : acks.keySet()) {
            Promise<String> pending = acks.remove(id);
            if (pending != null) {
                pending.tryFail("socket.io connection closed");
            }
        }
    }
}
