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
import io.quarkus.websockets.next.CloseReason;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.domain.DeviceSession;
import io.switchboard.gateway.service.DeviceLink;
import io.switchboard.gateway.service.DeviceRateLimit;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The device link: JSON-RPC 2.0 over {@code /devices/ws}, token with role {@code device}, device id = {@code sub}. */
@WebSocket(path = "/devices/ws", endpointId = DeviceSocket.ID)
@RolesAllowed("device")
public class DeviceSocket {
    public static final String ID = "device-link";

    private final DeviceLink link;
    private final SecurityIdentity identity;
    private final GatewayConfig config;
    private final DeviceRateLimit rate;

    DeviceSocket(DeviceLink link, SecurityIdentity identity, GatewayConfig config, DeviceRateLimit rate) {
        this.link = link;
        this.identity = identity;
        this.config = config;
        this.rate = rate;
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        Instant expiry = jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime()) : Instant.MAX;
        return link.opened(connection, new DeviceSession(jwt.getSubject(), expiry));
    }

    @OnTextMessage
    public Uni<Void> onText(String frame, WebSocketConnection connection) {
        if (frame.length() > config.maxMessageBytes()) {
            return tooBig(connection);
        }
        Optional<Uni<Void>> refused = rate.refusal(connection, frame);
        if (refused.isPresent()) {
            return refused.get();
        }
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

    /** A message over {@code quarkus.websockets-next.server.max-message-size} (fragmented or not). */
    @OnError
    public Uni<Void> onTooBig(WebSocketConnection connection, IllegalStateException failure) {
        if (failure.getMessage() != null && failure.getMessage().contains("max message size")) {
            return tooBig(connection);
        }
        return onError(connection, failure);
    }

    @OnError
    public Uni<Void> onError(WebSocketConnection connection, Throwable failure) {
        DeviceSession session = connection.userData().get(DeviceSession.KEY);
        Log.warnf("[device %s] socket error: %s", session == null ? "?" : session.deviceId(), failure.toString());
        return Uni.createFrom().voidItem();
    }

    private static Uni<Void> tooBig(WebSocketConnection connection) {
        DeviceSession session = connection.userData().get(DeviceSession.KEY);
        Log.infof("[device %s] message over the size limit: closing with 1009", session == null ? "?" : session.deviceId());
        return connection.close(new CloseReason(CloseCodes.TOO_BIG, "message too big"));
    }
}
