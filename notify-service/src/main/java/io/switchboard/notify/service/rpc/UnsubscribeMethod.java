package io.switchboard.notify.service.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.domain.Channel;
import io.switchboard.notify.domain.RpcParams;
import io.switchboard.notify.domain.RpcResults;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.service.ChannelFeed;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** {@code unsubscribe {"channel"}}: no more events of that channel on this socket. Idempotent. */
@ApplicationScoped
class UnsubscribeMethod implements RpcMethod {
    private final Params params;
    private final ChannelFeed feed;

    UnsubscribeMethod(Params params, ChannelFeed feed) {
        this.params = params;
        this.feed = feed;
    }

    @Override
    public String name() {
        return "unsubscribe";
    }

    @Override
    public Uni<Reply> call(WebSocketConnection connection, SocketSession session, JsonNode raw) {
        Optional<Channel> channel = params.read(raw, RpcParams.Unsubscribe.class).flatMap(p -> Channel.parse(p.channel()));
        if (channel.isEmpty()) {
            return Uni.createFrom().item(Params.badChannel());
        }
        feed.unsubscribe(connection, session, channel.get().name());
        return Uni.createFrom().item(Reply.ok(new RpcResults.Unsubscribe(channel.get().name())));
    }
}
