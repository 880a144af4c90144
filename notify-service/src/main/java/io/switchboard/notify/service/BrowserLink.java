package io.switchboard.notify.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.common.jsonrpc.JsonRpcFrames;
import io.switchboard.common.jsonrpc.JsonRpcMessage;
import io.switchboard.common.vertx.VertxInternals;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.Caller;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.service.rpc.Params;
import io.switchboard.notify.service.rpc.Reply;
import io.switchboard.notify.store.StoreUnavailableException;
import io.switchboard.notify.service.rpc.RpcMethod;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What happens on a browser socket: open, each frame (dispatched to the {@link RpcMethod} of its name), close. */
@ApplicationScoped
public class BrowserLink {
    private final Map<String, RpcMethod> methods;
    private final ChannelFeed feed;
    private final Outbound out;
    private final NotifyMetrics metrics;
    private final ObjectMapper json;
    private final NotifyConfig config;

    BrowserLink(Instance<RpcMethod> all, ChannelFeed feed, Outbound out, NotifyMetrics metrics, ObjectMapper json,
                NotifyConfig config) {
        this.config = config;
        this.methods = all.stream().collect(Collectors.toUnmodifiableMap(RpcMethod::name, Function.identity()));
        this.feed = feed;
        this.out = out;
        this.metrics = metrics;
        this.json = json;
    }

    public void opened(WebSocketConnection connection, Caller caller) {
        // @OnOpen runs on the connection's context; its Netty event loop is the one thread that writes to it
        Context context = Vertx.currentContext();
        Executor writer = VertxInternals.eventLoop(context);
        HttpConnection transport = connection.userData().get(SocketSession.TRANSPORT);
        Channel channel = transport == null ? null : VertxInternals.nettyChannel(transport);
        if (channel != null) {
            // the HTTP idle timeout's handler adds a listener to every write; a socket's liveness is our own
            // (auto-ping, pongs, Housekeeping's idle sweep), and the pings keep that timeout from firing anyway
            VertxInternals.dropIdleHandler(channel);
        }
        connection.userData().put(SocketSession.KEY, new SocketSession(caller, writer, connection, RawSockets.of(connection), channel));
        metrics.socketOpened();
        Log.infof("[socket %s][user %s] connected (%s)", connection.id(), caller.userId(), String.join(",", caller.roles()));
    }

    /** Handles one text frame; completes once the answer is written (requests are handled one at a time per socket). */
    public Uni<Void> frame(WebSocketConnection connection, String text) {
        SocketSession session = connection.userData().get(SocketSession.KEY);
        if (session == null) {
            return Uni.createFrom().voidItem();
        }
        session.touch();
        if (tooBig(text)) {
            Log.infof("[socket %s][user %s] message over %d bytes: closing with 1009", connection.id(),
                    session.caller().userId(), config.socket().maxMessageBytes());
            out.close(connection, session, CloseCodes.TOO_BIG, "message too big");
            return Uni.createFrom().voidItem();
        }
        JsonRpcMessage message = JsonRpcMessage.parse(text);
        if (message instanceof JsonRpcMessage.Request request) {
            return call(connection, session, request);
        }
        if (message instanceof JsonRpcMessage.Invalid invalid) {
            metrics.request("invalid", Integer.toString(invalid.code()));
            answer(connection, session, JsonRpcFrames.error(invalid.id(), invalid.code(), invalid.message()), null);
        } else {
            Log.debugf("[socket %s] ignoring a frame that is not a request", connection.id());
        }
        return Uni.createFrom().voidItem();
    }

    public void closed(WebSocketConnection connection) {
        SocketSession session = connection.userData().get(SocketSession.KEY);
        if (session == null) {
            return;
        }
        session.markGone();
        feed.closed(connection, session);
        metrics.socketClosed();
        Log.infof("[socket %s][user %s] disconnected (%s)", connection.id(), session.caller().userId(), connection.closeReason());
    }

    private boolean tooBig(String text) {
        int limit = config.socket().maxMessageBytes();
        return text.length() > limit / 3 && text.getBytes(StandardCharsets.UTF_8).length > limit;
    }

    private Uni<Void> call(WebSocketConnection connection, SocketSession session, JsonRpcMessage.Request request) {
        RpcMethod method = methods.get(request.method());
        Uni<Reply> reply = method == null
                ? Uni.createFrom().item(Reply.error(JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + request.method()))
                : method.call(connection, session, request.params() == null ? NullNode.getInstance() : request.params());
        return reply.onFailure().recoverWithItem(t -> {
            if (t instanceof StoreUnavailableException) {
                Log.infof("[socket %s] %s answered unavailable: %s", connection.id(), request.method(), t.getMessage());
                return Reply.error(JsonRpcErrors.UNAVAILABLE, "Unavailable: the event store cannot be reached; try again shortly");
            }
            Log.warnf("[socket %s] %s failed: %s", connection.id(), request.method(), t.toString());
            return Reply.error(JsonRpcErrors.INTERNAL_ERROR, "Internal error: try again");
        }).invoke(r -> {
            metrics.request(method == null ? "unknown" : request.method(), r.isError() ? Integer.toString(r.errorCode()) : "ok");
            String frame = r.isError() ? JsonRpcFrames.error(request.id(), r.errorCode(), r.errorMessage(),
                    r.errorData() == null ? null : json.valueToTree(r.errorData()))
                    : JsonRpcFrames.result(request.id(), json.valueToTree(r.result()));
            answer(connection, session, frame, r.afterSend());
        }).replaceWithVoid();
    }

    private void answer(WebSocketConnection connection, SocketSession session, String frame, Runnable afterSend) {
        synchronized (session) {
            out.send(connection, session, frame);
            if (afterSend != null) {
                afterSend.run();
            }
        }
    }
}
