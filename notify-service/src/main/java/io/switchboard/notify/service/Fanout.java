package io.switchboard.notify.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.notify.domain.EventFrame;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.store.ChannelEventsFeed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Cross-replica delivery. Every stored event is published once on Redis; each replica holds ONE
 * subscription to it ({@link ChannelEventsFeed}: it comes back by itself and is reported in readiness)
 * and hands each event to its own subscribers of the event's channel only (through
 * {@link LocalSubscribers}), never to every socket. When the subscription comes back after a drop, every
 * local socket catches up on each of its channels from its last offset ({@link ChannelFeed#catchUp}): what was published meanwhile is replayed, in order, without duplicate.
 */
@ApplicationScoped
class Fanout {
    private final ChannelEventsFeed events;
    private final LocalSubscribers index;
    private final ChannelFeed feed;

    Fanout(ChannelEventsFeed events, LocalSubscribers index, ChannelFeed feed) {
        this.events = events;
        this.index = index;
        this.feed = feed;
    }

    void start(@Observes StartupEvent start) {
        events.listen(this::deliver, this::resync);
    }

    /** After a re-subscribe: every local socket catches up on every channel it is subscribed to. */
    void resync() {
        int sockets = 0;
        List<String> channels = List.copyOf(index.channels());
        for (String channel : channels) {
            for (WebSocketConnection connection : index.of(channel)) {
                feed.catchUp(connection, channel);
                sockets++;
            }
        }
        Log.infof("[fanout] subscription back: %d socket subscriptions on %d channels catch up from their last offsets",
                sockets, channels.size());
    }

    /** Hands one stored event to this replica's subscribers of its channel. */
    void deliver(EventFrame event) {
        // One task per event loop writes the event to all of that loop's sockets: each write then happens on
        // the socket's own thread, instead of a cross-thread hop (a task and a wake-up) per socket.
        Map<Executor, List<WebSocketConnection>> byLoop = new IdentityHashMap<>(4);
        for (WebSocketConnection connection : index.of(event.channel())) {
            SocketSession session = connection.userData().get(SocketSession.KEY);
            Executor writer = session == null ? null : session.writer();
            if (writer == null) {
                feed.deliver(connection, event);
            } else {
                byLoop.computeIfAbsent(writer, k -> new ArrayList<>()).add(connection);
            }
        }
        byLoop.forEach((writer, connections) -> writer.execute(() -> {
            for (WebSocketConnection connection : connections) {
                feed.deliver(connection, event);
            }
        }));
    }
}
