package io.switchboard.notify.service.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.domain.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code ping} -> {@code "pong"}: an application-level liveness check for clients that cannot see WebSocket pings. */
@ApplicationScoped
class PingMethod implements RpcMethod {

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public Uni<Reply> call(WebSocketConnection connection, SocketSession session, JsonNode params) {
        return Uni.createFrom().item(Reply.ok("pong"));
    }
}
