package io.switchboard.notify.service.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.domain.Channel;
import io.switchboard.notify.domain.IncomingEvent;
import io.switchboard.notify.domain.RpcParams;
import io.switchboard.notify.domain.RpcResults;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.service.ChannelPolicy;
import io.switchboard.notify.service.EventIngest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** {@code publish {"channel","type","data"}} -> {@code {"id","offset","epoch"}}: a board member's todo update, stored and fanned out like any event. */
@ApplicationScoped
class PublishMethod implements RpcMethod {
    private final Params params;
    private final ChannelPolicy policy;
    private final EventIngest ingest;

    PublishMethod(Params params, ChannelPolicy policy, EventIngest ingest) {
        this.params = params;
        this.policy = policy;
        this.ingest = ingest;
    }

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public Uni<Reply> call(WebSocketConnection connection, SocketSession session, JsonNode raw) {
        Optional<RpcParams.Publish> p = params.read(raw, RpcParams.Publish.class);
        if (p.isEmpty() || p.get().type() == null) {
            return Uni.createFrom().item(Params.invalid("expected {\"channel\": string, \"type\": string, \"data\": any}"));
        }
        Optional<Channel> channel = Channel.parse(p.get().channel());
        if (channel.isEmpty()) {
            return Uni.createFrom().item(Params.badChannel());
        }
        if (!policy.mayPublish(session.caller(), channel.get(), p.get().type())) {
            Log.infof("[socket %s][channel %s] publish of %s refused for user %s", connection.id(), channel.get(),
                    p.get().type(), session.caller().userId());
            return Uni.createFrom().item(Params.forbidden("publish " + p.get().type() + " on", channel.get()));
        }
        IncomingEvent event = new IncomingEvent(UUID.randomUUID().toString(), channel.get().name(), p.get().type(),
                stamped(p.get().data(), session.caller().userId()));
        Optional<String> problem = ingest.problem(event);
        if (problem.isPresent()) {
            return Uni.createFrom().item(Params.invalid(problem.get()));
        }
        return ingest.ingest(event, "socket").map(r -> Reply.ok(new RpcResults.Publish(r.id(), r.offset(), r.epoch())));
    }

    /** The server says who published: {@code data.by} is the publisher's user id, whatever the client sent. */
    static JsonNode stamped(JsonNode data, String userId) {
        if (data instanceof ObjectNode object) {
            ObjectNode copy = object.deepCopy();
            copy.put("by", userId);
            return copy;
        }
        return data;
    }
}
