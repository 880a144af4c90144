package io.switchboard.notify.service;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.common.ws.PrebuiltTextFrame;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.ChannelCursor;
import io.switchboard.notify.domain.ChannelHistory;
import io.switchboard.notify.domain.EventFrame;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.service.CatchUpQueue.Waiter;
import io.switchboard.notify.store.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A socket's subscriptions: replay from history, then live, with no gap and no duplicate. The socket is
 * indexed (so live events start to arrive and are held) before history is read; the held events are sent
 * after the replay, skipping offsets already sent.
 *
 * <p>The same replay serves the catch-up ({@link #catchUp}): a live cursor is put back in the replaying
 * state, the channel's history since its last offset is read (once for every waiting socket of the
 * channel, see {@link CatchUpQueue}), replayed, and the cursor goes live again. A live event whose offset
 * is not the next one (a gap) starts the same catch-up. When history cannot cover the gap (trimmed, or
 * the channel's epoch changed) the socket is closed with {@value CloseCodes#MISSED_EVENTS}.
 */
@ApplicationScoped
public class ChannelFeed {
    private final EventLog log;
    private final LocalSubscribers index;
    private final Outbound out;
    private final NotifyConfig config;
    private final NotifyMetrics metrics;
    private final CatchUpQueue catchUps;

    ChannelFeed(EventLog log, LocalSubscribers index, Outbound out, NotifyConfig config, NotifyMetrics metrics) {
        this.log = log;
        this.index = index;
        this.out = out;
        this.config = config;
        this.metrics = metrics;
        this.catchUps = new CatchUpQueue(config.catchUp().concurrency(), Infrastructure.getDefaultExecutor(), this::catchUp);
    }

    /** Starts a subscription in the replaying state and reads the history it needs. */
    public Uni<Subscription> subscribe(WebSocketConnection connection, SocketSession session, String channel, Long since,
                                       String epoch) {
        ChannelCursor cursor = new ChannelCursor();
        session.subscribe(channel, cursor);
        index.add(channel, session);
        if (session.closing() || !connection.isOpen()) {
            index.remove(channel, session);
        }
        return log.read(channel, since)
                .map(history -> new Subscription(channel, since, cursor, history, history.covers(since, epoch)))
                .onFailure().invoke(() -> unsubscribe(connection, session, channel));
    }

    /**
     * Sends the missed events, then the events held meanwhile, then goes live. Call after the reply; {@code done}
     * runs once the missed events are written or the replay stopped (the socket went away).
     */
    public void replay(WebSocketConnection connection, SocketSession session, Subscription sub, Runnable done) {
        List<EventFrame> missed = sub.recovered() ? sub.history().events() : List.of();
        synchronized (session) {
            sub.cursor().startAfter(sub.recovered() ? sub.since() : sub.history().head(), sub.history().epoch());
        }
        replayThenLive(connection, session, sub.channel(), sub.cursor(), missed, done);
    }

    /**
     * Catches the socket's subscription to {@code channel} up from its last offset (after the fan-out's Redis
     * subscription came back): live events are held from now on, the missed ones replayed, then it goes live.
     */
    public void catchUp(SocketSession session, String channel) {
        WebSocketConnection connection = session.connection();
        synchronized (session) {
            ChannelCursor cursor = session.cursor(channel);
            if (cursor == null || session.closing()) {
                return;
            }
            if (cursor.replaying()) {
                cursor.markStale(); // its replay may have read before the outage ended: it catches up again after
                return;
            }
            cursor.replayAgain();
            catchUps.add(channel, new Waiter(connection, session, cursor));
        }
    }

    /** Channels with sockets waiting to catch up or being caught up now. */
    public int catchUpsPending() {
        return catchUps.size();
    }

    /**
     * A live event from the fan-out: sent now, held while replaying, dropped when already sent, or a gap to repair.
     * True when it was written to the socket here (the fan-out counts those deliveries).
     */
    public boolean deliver(SocketSession session, EventFrame event) {
        return deliver(session, event, null);
    }

    /** As {@link #deliver(SocketSession, EventFrame)}, a live write using {@code frame} (the event prebuilt) when not null. */
    public boolean deliver(SocketSession session, EventFrame event, PrebuiltTextFrame frame) {
        WebSocketConnection connection = session.connection();
        synchronized (session) {
            ChannelCursor cursor = session.cursor(event.channel());
            if (cursor == null || session.closing()) {
                return false;
            }
            if (cursor.replaying()) {
                if (cursor.hold(event) > config.socket().maxQueued()) {
                    out.slowConsumer(connection, session);
                }
            } else if (cursor.epochChanged(event.epoch())) {
                missedEvents(connection, session, event.channel(), "the channel's epoch changed");
            } else if (cursor.isAhead(event)) {
                cursor.replayAgain();
                cursor.hold(event);
                catchUps.add(event.channel(), new Waiter(connection, session, cursor));
            } else if (cursor.advance(event)) {
                return out.sendLive(connection, session, event, frame);
            }
        }
        return false;
    }

    public boolean unsubscribe(WebSocketConnection connection, SocketSession session, String channel) {
        boolean was = session.unsubscribe(channel);
        index.remove(channel, session);
        return was;
    }

    /** Drops every subscription of a closed socket from the index. */
    public void closed(WebSocketConnection connection, SocketSession session) {
        session.channels().forEach(channel -> unsubscribe(connection, session, channel));
    }

    /** One catch-up turn of a channel: reads its history once, from the oldest offset any waiter needs. */
    private Uni<Void> catchUp(String channel, List<Waiter> batch) {
        List<Waiter> waiting = new ArrayList<>(batch.size());
        long from = Long.MAX_VALUE;
        for (Waiter w : batch) {
            synchronized (w.session()) {
                if (w.session().cursor(channel) == w.cursor() && !w.session().closing()) {
                    w.cursor().takeStale(); // this read starts now: a later outage asks again
                    from = Math.min(from, w.cursor().lastOffset());
                    waiting.add(w);
                }
            }
        }
        if (waiting.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return log.read(channel, from)
                .invoke(history -> waiting.forEach(w -> resume(w, channel, history)))
                .onFailure().invoke(t -> waiting.forEach(w -> {
                    synchronized (w.session()) {
                        missedEvents(w.connection(), w.session(), channel, "history not readable: " + t.getMessage());
                    }
                }))
                .replaceWithVoid().onFailure().recoverWithNull();
    }

    private void resume(Waiter w, String channel, ChannelHistory history) {
        List<EventFrame> missed;
        synchronized (w.session()) {
            ChannelCursor cursor = w.cursor();
            if (w.session().cursor(channel) != cursor || w.session().closing()) {
                return;
            }
            Optional<List<EventFrame>> after = cursor.epochChanged(history.epoch()) ? Optional.empty()
                    : history.after(cursor.lastOffset());
            if (after.isEmpty()) {
                missedEvents(w.connection(), w.session(), channel, cursor.epochChanged(history.epoch())
                        ? "the channel's epoch changed" : "history no longer covers offset " + cursor.lastOffset());
                return;
            }
            cursor.startAfter(cursor.lastOffset(), history.epoch());
            missed = after.get();
        }
        metrics.catchUp("replayed");
        Log.debugf("[socket %s][channel %s] catching up %d events", w.connection().id(), channel, missed.size());
        replayThenLive(w.connection(), w.session(), channel, w.cursor(), missed, () -> { });
    }

    /**
     * Sends {@code missed} one after the other, then goes live. Each next step runs on a worker: a write can
     * complete inside Vert.x's connection lock, and taking the session lock there would invert the lock order
     * (session, then connection) used elsewhere.
     */
    private void replayThenLive(WebSocketConnection connection, SocketSession session, String channel, ChannelCursor cursor,
                                List<EventFrame> missed, Runnable done) {
        Multi.createFrom().iterable(missed)
                .onItem().transformToUniAndConcatenate(e -> replayOne(connection, session, channel, cursor, e)
                        .emitOn(Infrastructure.getDefaultExecutor()))
                .collect().last()
                .eventually(done)
                .subscribe().with(v -> goLive(connection, session, channel, cursor),
                        t -> Log.debugf("[socket %s][channel %s] replay stopped: %s", connection.id(), channel, t.getMessage()));
    }

    private Uni<Void> replayOne(WebSocketConnection connection, SocketSession session, String channel, ChannelCursor cursor,
                                EventFrame e) {
        synchronized (session) {
            if (session.cursor(channel) != cursor || !cursor.advance(e)) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().completionStage(out.sendEvent(connection, session, e));
        }
    }

    private void goLive(WebSocketConnection connection, SocketSession session, String channel, ChannelCursor cursor) {
        synchronized (session) {
            if (session.cursor(channel) != cursor || session.closing()) {
                return;
            }
            if (cursor.takeStale()) {
                catchUps.add(channel, new Waiter(connection, session, cursor)); // still replaying: held events wait
                return;
            }
            List<EventFrame> held = cursor.goLive();
            for (int i = 0; i < held.size(); i++) {
                EventFrame e = held.get(i);
                if (cursor.epochChanged(e.epoch())) {
                    missedEvents(connection, session, channel, "the channel's epoch changed");
                    return;
                }
                if (cursor.isAhead(e)) {
                    cursor.replayAgain(); // a gap among the held events: catch up, then send the rest
                    held.subList(i, held.size()).forEach(cursor::hold);
                    catchUps.add(channel, new Waiter(connection, session, cursor));
                    return;
                }
                if (cursor.advance(e)) {
                    out.sendEvent(connection, session, e);
                }
            }
        }
        Log.debugf("[socket %s][channel %s] live from offset %d", connection.id(), channel, cursor.lastOffset());
    }

    /** Closes the socket with 4002: what it missed cannot be replayed; the client resubscribes and reloads. Holds the session lock. */
    private void missedEvents(WebSocketConnection connection, SocketSession session, String channel, String why) {
        if (!session.closing()) {
            metrics.catchUp("closed");
            Log.infof("[socket %s][channel %s] missed events cannot be replayed (%s): closing with 4002", connection.id(),
                    channel, why);
            out.close(connection, session, CloseCodes.MISSED_EVENTS, "missed events: reconnect and resubscribe");
        }
    }

    /** A subscription whose history was read: what to answer and what to replay. */
    public record Subscription(String channel, Long since, ChannelCursor cursor, ChannelHistory history, boolean recovered) {
    }
}
