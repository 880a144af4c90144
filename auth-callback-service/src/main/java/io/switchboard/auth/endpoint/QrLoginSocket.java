package io.switchboard.auth.endpoint;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.common.jsonrpc.JsonRpcFrames;
import io.switchboard.common.jsonrpc.JsonRpcMessage;

/**
 * Push alternative to the long-poll: {@code /qr-logins/{loginId}/ws}, same binding cookie (checked by
 * {@link QrBindingUpgradeCheck}). The server sends JSON-RPC notifications
 * {@code {"method":"state","params":{loginId,state,expiresAt,grant?}}} and closes ({@code CloseCodes.NORMAL}, 1000) once final.
 */
@WebSocket(path = "/qr-logins/{loginId}/ws", endpointId = QrLoginSocket.ID)
public class QrLoginSocket {
    public static final String ID = "qr-login-push";

    private final LoginPush push;

    QrLoginSocket(LoginPush push) {
        this.push = push;
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection, @PathParam String loginId) {
        push.opened(connection, loginId);
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    public Uni<Void> onText(String frame, WebSocketConnection connection) {
        String answer = null;
        JsonRpcMessage message = JsonRpcMessage.parse(frame);
        if (message instanceof JsonRpcMessage.Request r) {
            answer = "ping".equals(r.method()) ? JsonRpcFrames.result(r.id(), "pong")
                    : JsonRpcFrames.error(r.id(), JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + r.method());
        } else if (message instanceof JsonRpcMessage.Invalid i) {
            answer = JsonRpcFrames.error(i.id(), i.code(), i.message());
        }
        return answer == null ? Uni.createFrom().voidItem() : connection.sendText(answer);
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        push.closed(connection);
    }

    @OnError
    public void onError(WebSocketConnection connection, Throwable failure) {
        Log.debugf("[login %s] push socket error: %s", connection.pathParam("loginId"), failure.toString());
    }
}
