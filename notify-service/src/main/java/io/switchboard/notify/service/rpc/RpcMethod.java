package io.switchboard.notify.service.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.domain.SocketSession;

/** One JSON-RPC method of the browser link (one class per verb); found by {@link #name()}. */
public interface RpcMethod {

    /** The {@code method} member this class answers. */
    String name();

    /** Handles one request; expected failures are {@link Reply#error} values, not exceptions. */
    Uni<Reply> call(WebSocketConnection connection, SocketSession session, JsonNode params);
}
