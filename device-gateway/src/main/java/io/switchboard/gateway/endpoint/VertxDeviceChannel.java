package io.switchboard.gateway.endpoint;

import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.domain.DeviceChannel;
import io.switchboard.gateway.domain.DeviceSession;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A device socket over a plain Vert.x {@link ServerWebSocket}: the socket, its id and the device's session,
 * nothing else (no map of user data, no copy of the upgrade request). It also orders the socket's open and close
 * for {@link DeviceSocketServer}: a socket that closes while its open (the presence claim) is still running is
 * closed once the open is done, so a late claim cannot outlive the socket.
 */
final class VertxDeviceChannel implements DeviceChannel {
    private static final int OPENING = 0;
    private static final int OPEN = 1;
    private static final int CLOSED_WHILE_OPENING = 2;
    private static final int CLOSED = 3;

    private final ServerWebSocket ws;
    private final String id = UUID.randomUUID().toString();
    private final DeviceSession session;
    private int lifecycle = OPENING;

    VertxDeviceChannel(ServerWebSocket ws, DeviceSession session) {
        this.ws = ws;
        this.session = session;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public DeviceSession session() {
        return session;
    }

    @Override
    public Uni<Void> sendText(String text) {
        return write(() -> ws.writeTextMessage(text));
    }

    @Override
    public Uni<Void> close(int code, String reason) {
        return write(() -> ws.isClosed() ? Future.succeededFuture() : ws.close((short) code, reason))
                .onFailure(IllegalStateException.class).recoverWithNull(); // closed meanwhile
    }

    @Override
    public void ping() {
        if (ws.isClosed()) {
            return;
        }
        try {
            ws.writePing(Buffer.buffer());
        } catch (IllegalStateException closedMeanwhile) {
            // the next sweep no longer finds it
        }
    }

    @Override
    public boolean isOpen() {
        return !ws.isClosed();
    }

    @Override
    public String closeReason() {
        if (!ws.isClosed()) {
            return "open";
        }
        Short code = ws.closeStatusCode();
        String reason = ws.closeReason();
        return (code == null ? "1006" : code.toString()) + (reason == null || reason.isEmpty() ? "" : " " + reason);
    }

    /** The open is done; false when the socket closed meanwhile (the caller then runs the close). */
    synchronized boolean opened() {
        if (lifecycle == CLOSED_WHILE_OPENING) {
            lifecycle = CLOSED;
            return false;
        }
        lifecycle = OPEN;
        return true;
    }

    /** The socket closed; false while the open is still running (the close then waits for it). */
    synchronized boolean closed() {
        if (lifecycle == OPENING) {
            lifecycle = CLOSED_WHILE_OPENING;
            return false;
        }
        lifecycle = CLOSED;
        return true;
    }

    private static Uni<Void> write(Supplier<Future<Void>> write) {
        return Uni.createFrom().emitter(e -> {
            Future<Void> f;
            try {
                f = write.get();
            } catch (RuntimeException closed) {
                e.fail(closed);
                return;
            }
            f.onComplete(ar -> {
                if (ar.succeeded()) {
                    e.complete(null);
                } else {
                    e.fail(ar.cause());
                }
            });
        });
    }

    @Override
    public String toString() {
        return "device socket " + id + " (" + session.deviceId() + ")";
    }
}
