package io.switchboard.gateway.endpoint;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.domain.DeviceSession;
import io.switchboard.gateway.service.DeviceLink;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The device link: JSON-RPC 2.0 over {@code /devices/ws}, token with role {@code device}, device id = {@code sub}. */
@WebSocket(path = "/devices/ws", endpointId = DeviceSocket.ID)
@RolesAllowed("device")
public class DeviceSocket {
    public static final String ID = "device-link";

    private final DeviceLink link;
    private final SecurityIdentity identity;

    DeviceSocket(DeviceLink link, SecurityIdentity identity) {
        this.link = link;
        this.identity = identity;
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        Instant expiry = jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime()) : Instant.MAX;
        return link.opened(connection, new DeviceSession(jwt.getSubject(), expiry));
    }

    @OnTextMessage
    public Uni<Void> onText(String frame, WebSocketConnection connection) {
        String answer = link.frame(connection, frame);
        return answer == null ? Uni.createFrom().voidItem() : connection.sendText(answer);
    }

    @OnPongMessage
    public void onPong(Buffer data, WebSocketConnection connection) {
        DeviceSession session = connection.userData().get(DeviceSession.KEY);
        if (session != null) {
            session.touch();
        }
    }

    @OnClose
    public Uni<Void> onClose(WebSocketConnection connection) {
        return link.closed(connection);
    }

    @OnError
    public void onError(WebSocketConnection connection, Throwable failure) {
        DeviceSession session = connection.userData().get(DeviceSession.KEY);
        Log.warnf("[device %s] socket error: %s", session == null ? "?" : session.deviceId(), failure.toString());
    }
}
