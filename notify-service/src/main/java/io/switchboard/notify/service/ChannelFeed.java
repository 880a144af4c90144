package io.switchboard.notify.service;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.ChannelCursor;
import io.switchboard.notify.domain.ChannelHistory;
import io.switchboard.notify.domain.EventFrame;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.store.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A socket's subscriptions: replay from history, then live, with no gap and no duplicate. The socket is
 * indexed (so live events start to arrive and are held) before history is read; the held events are sent
 * after the replay, skipping offsets already sent.
 */
@ApplicationScoped
public class ChannelFeed {
    private final EventLog log;
    private final LocalSubscribers index;
    private final Outbound out;
    private final NotifyConfig config;

    ChannelFeed(EventLog log, LocalSubscribers index, Outbound out, NotifyConfig config) {
        this.log = log;
        this.index = index;
        this.out = out;
        this.config = config;
    }

    /** Starts a subscription in the replaying state and reads the history it needs. */
    public Uni<Subscription> subscribe(WebSocketConnection connection, SocketSession session, String channel, Long since) {
        ChannelCursor cursor = new ChannelCursor();
        session.subscribe(channel, cursor);
        index.add(channel, connection);
        if (session.closing() || !connection.isOpen()) {
            index.remove(channel, connection);
        }
        return log.read(channel, since).map(history -> new Subscription(channel, since, cursor, history, history.covers(since)))
                .onFailure().invoke(() -> unsubscribe(connection, session, channel));
    }

    /**
     * Sends the missed events one after the other, then the events held meanwhile, then goes live. Call after
     * the reply. Each next step runs on a worker: a write can complete inside Vert.x's connection lock, and
     * taking the session lock there would invert the lock order (session, then connection) used elsewhere.
     */
    public void replay(WebSocketConnection connection, SocketSession session, Subscription sub) {
        List<EventFrame> missed = sub.recovered() ? sub.history().events() : List.of();
        synchronized (session) {
            sub.cursor().startAfter(sub.recovered() ? sub.since() : sub.history().head());
        }
        Multi.createFrom().iterable(missed)
                .onItem().transformToUniAndConcatenate(e -> replayOne(connection, session, sub, e)
                        .emitOn(Infrastructure.getDefaultExecutor()))
                .collect().last()
                .subscribe().with(v -> goLive(connection, session, sub),
                        t -> Log.debugf("[socket %s][channel %s] replay stopped: %s", connection.id(), sub.channel(), t.getMessage()));
    }

    /** A live event from the fan-out: sent now, held while replaying, or dropped when already sent. */
    public void deliver(WebSocketConnection connection, EventFrame event) {
        SocketSession session = connection.userData().get(SocketSession.KEY);
        if (session == null) {
            return;
        }
        synchronized (session) {
            ChannelCursor cursor = session.cursor(event.channel());
            if (cursor == null || session.closing()) {
                return;
            }
            if (cursor.replaying()) {
                if (cursor.hold(event) > config.socket().maxQueued()) {
                    out.slowConsumer(connection, session);
                }
            } else if (cursor.advance(event.offset())) {
                out.sendEvent(connection, session, event);
            }
        }
    }

    public boolean unsubscribe(WebSocketConnection connection, SocketSession session, String channel) {
        boolean was = session.unsubscribe(channel);
        index.remove(channel, connection);
        return was;
    }

    /** Drops every subscription of a closed socket from the index. */
    public void closed(WebSocketConnection connection, SocketSession session) {
        session.channels().forEach(channel -> unsubscribe(connection, session, channel));
    }

    private Uni<Void> replayOne(WebSocketConnection connection, SocketSession session, Subscription sub, EventFrame e) {
        synchronized (session) {
            if (session.cursor(sub.channel()) != sub.cursor() || !sub.cursor().advance(e.offset())) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().completionStage(out.sendEvent(connection, session, e));
        }
    }

    private void goLive(WebSocketConnection connection, SocketSession session, Subscription sub) {
        synchronized (session) {
            if (session.cursor(sub.channel()) != sub.cursor()) {
                return;
            }
            for (EventFrame held : sub.cursor().goLive()) {
                if (sub.cursor().advance(held.offset())) {
                    out.sendEvent(connection, session, held);
                }
            }
        }
        Log.debugf("[socket %s][channel %s] live from offset %d", connection.id(), sub.channel(), sub.cursor().lastOffset());
    }

    /** A subscription whose history was read: what to answer and what to replay. */
    public record Subscription(String channel, Long since, ChannelCursor cursor, ChannelHistory history, boolean recovered) {
    }
}
