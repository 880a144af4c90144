package io.switchboard.notify.service.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.common.limit.RateLimited;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.Channel;
import io.switchboard.notify.domain.RpcParams;
import io.switchboard.notify.domain.RpcResults;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.service.ChannelFeed;
import io.switchboard.notify.service.ChannelPolicy;
import io.switchboard.notify.service.ReplayPermits;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * {@code subscribe {"channel","since"?,"epoch"?}} -> {@code {"channel","offset","epoch","recovered"}}, then the
 * missed events, then live ones. {@code recovered} is false (nothing replayed, live from {@code offset}) when
 * {@code since} is missing, older than the history, beyond the channel's offset, or of another epoch.
 */
@ApplicationScoped
class SubscribeMethod implements RpcMethod {
    private final Params params;
    private final ChannelPolicy policy;
    private final ChannelFeed feed;
    private final NotifyConfig config;
    private final ReplayPermits replays;

    SubscribeMethod(Params params, ChannelPolicy policy, ChannelFeed feed, NotifyConfig config, ReplayPermits replays) {
        this.params = params;
        this.policy = policy;
        this.feed = feed;
        this.config = config;
        this.replays = replays;
    }

    @Override
    public String name() {
        return "subscribe";
    }

    @Override
    public Uni<Reply> call(WebSocketConnection connection, SocketSession session, JsonNode raw) {
        Optional<RpcParams.Subscribe> p = params.read(raw, RpcParams.Subscribe.class);
        if (p.isEmpty()) {
            return Uni.createFrom().item(Params.invalid("expected {\"channel\": string, \"since\"?: offset, \"epoch\"?: string}"));
        }
        Optional<Channel> channel = Channel.parse(p.get().channel());
        if (channel.isEmpty()) {
            return Uni.createFrom().item(Params.badChannel());
        }
        Long since = p.get().since();
        if (since != null && since < 0) {
            return Uni.createFrom().item(Params.invalid("since must be an offset >= 0"));
        }
        if (!policy.maySubscribe(session.caller(), channel.get())) {
            Log.infof("[socket %s][channel %s] subscribe refused for user %s", connection.id(), channel.get(), session.caller().userId());
            return Uni.createFrom().item(Params.forbidden("subscribe to", channel.get()));
        }
        String name = channel.get().name();
        if (session.cursor(name) == null && session.subscriptionCount() >= config.socket().maxSubscriptions()) {
            return Uni.createFrom().item(Reply.error(JsonRpcErrors.OVERLOADED,
                    "Overloaded: at most " + config.socket().maxSubscriptions() + " channels per socket"));
        }
        String epoch = p.get().epoch();
        if (since != null && !replays.tryAcquire(connection)) {
            return Uni.createFrom().item(Reply.error(JsonRpcErrors.RATE_LIMITED, RateLimited.MESSAGE,
                    Map.of("retryAfterMs", replays.retryAfterMs())));
        }
        Runnable done = since == null ? () -> { } : () -> replays.release(connection);
        return feed.subscribe(connection, session, name, since, epoch).onFailure().invoke(done).map(sub -> {
            Log.debugf("[socket %s][channel %s] subscribed since %s (epoch %s): head %d (epoch %s), recovered %s", connection.id(),
                    name, since, epoch, sub.history().head(), sub.history().epoch(), sub.recovered());
            return Reply.ok(new RpcResults.Subscribe(name, sub.history().head(), sub.history().epoch(), sub.recovered()),
                    () -> feed.replay(connection, session, sub, done));
        });
    }
}
