package io.switchboard.notify.service;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.ServerWebSocket;
import java.lang.reflect.Field;

/**
 * The Vert.x socket under a websockets-next connection, so the fan-out writes an event frame straight to it:
 * {@code WebSocketConnection.sendText} builds a {@code Uni}, captures and restores the context-propagation state
 * and hops through {@code runOnContext} for every frame, which a flight recording of the fan-out scenario showed
 * as the larger part of the service's own CPU per delivery (docs/benchmarks/README.md, fan-out). websockets-next
 * has no public accessor, so this reads its connection's private field once per socket; when a Quarkus upgrade
 * moves it, {@link #of} answers null and every write goes through {@code sendText} again (one INFO at start).
 */
final class RawSockets {
    private static final Field WEB_SOCKET = find();

    private RawSockets() {
    }

    /** The connection's Vert.x socket, or null when it cannot be reached. */
    static ServerWebSocket of(WebSocketConnection connection) {
        if (WEB_SOCKET == null || !WEB_SOCKET.getDeclaringClass().isInstance(connection)) {
            return null;
        }
        try {
            return WEB_SOCKET.get(connection) instanceof ServerWebSocket socket ? socket : null;
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field find() {
        try {
            Field f = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionImpl").getDeclaredField("webSocket");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.infof("websockets-next's connection has no reachable webSocket field (%s): event frames go through sendText", e);
            return null;
        }
    }
}
