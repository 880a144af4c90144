package io.switchboard.notify.endpoint;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.service.BrowserLink;
import io.switchboard.notify.service.BrowserRateLimit;
import io.switchboard.notify.service.SocketLeases;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The browser link: JSON-RPC 2.0 over {@code /notifications/ws}. The token (header, or the
 * {@code bearer-token-carrier} subprotocol) is checked at the upgrade, as is the Origin ({@link OriginCheck}).
 */
@WebSocket(path = "/notifications/ws", endpointId = NotificationSocket.ID)
@RolesAllowed({"merchant", "customer", "staff", "operator"})
public class NotificationSocket {
    public static final String ID = "notifications";

    private final BrowserLink link;
    private final SecurityIdentity identity;
    private final BrowserRateLimit rate;
    private final SocketLeases leases;

    NotificationSocket(BrowserLink link, SecurityIdentity identity, BrowserRateLimit rate, SocketLeases leases) {
        this.link = link;
        this.identity = identity;
        this.rate = rate;
        this.leases = leases;
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        link.opened(connection, Callers.of((JsonWebToken) identity.getPrincipal(), identity.getRoles()));
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    public Uni<Void> onText(String frame, WebSocketConnection connection) {
        if (!rate.admit(connection, frame)) {
            return Uni.createFrom().voidItem();
        }
        return link.frame(connection, frame);
    }

    @OnBinaryMessage
    public Uni<Void> onBinary(Buffer frame, WebSocketConnection connection) {
        Log.debugf("[socket %s] binary frame: closing with 1008", connection.id());
        return connection.close(new CloseReason(CloseCodes.POLICY, "text frames only"));
    }

    @OnPongMessage
    @NonBlocking
    public void onPong(Buffer data, WebSocketConnection connection) {
        SocketSession session = connection.userData().get(SocketSession.KEY);
        if (session != null) {
            session.touch();
        }
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        leases.closed(connection);
        link.closed(connection);
    }

    /** A browser that goes away without a close frame (tab closed, network lost) is routine. */
    @OnError
    @NonBlocking
    public void onAbruptClose(WebSocketConnection connection, HttpClosedException failure) {
        Log.debugf("[socket %s] connection closed without a close frame", connection.id());
    }

    /** A message over {@code quarkus.websockets-next.server.max-message-size}, also one still unfinished (fragmented). */
    @OnError
    @NonBlocking
    public Uni<Void> onTooBig(WebSocketConnection connection, IllegalStateException failure) {
        if (failure.getMessage() == null || !failure.getMessage().contains("max message size")) {
            onError(connection, failure);
            return Uni.createFrom().voidItem();
        }
        Log.infof("[socket %s] message over the size limit: closing with 1009", connection.id());
        return connection.close(new CloseReason(CloseCodes.TOO_BIG, "message too big"));
    }

    @OnError
    @NonBlocking
    public void onError(WebSocketConnection connection, Throwable failure) {
        Log.warnf("[socket %s] error: %s", connection.id(), failure.toString());
    }
}
