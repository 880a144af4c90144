package io.switchboard.notify.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.common.ws.PrebuiltTextFrame;
import io.switchboard.notify.domain.EventFrame;
import io.switchboard.notify.domain.LiveEvent;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.store.ChannelEventsFeed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

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
    private final NotifyMetrics metrics;
    private final FanoutTraces traces;

    Fanout(ChannelEventsFeed events, LocalSubscribers index, ChannelFeed feed, NotifyMetrics metrics, FanoutTraces traces) {
        this.events = events;
        this.index = index;
        this.feed = feed;
        this.metrics = metrics;
        this.traces = traces;
    }

    void start(@Observes StartupEvent start) {
        events.listen(this::deliver, this::resync);
    }

    /** After a re-subscribe: every local socket catches up on every channel it is subscribed to. */
    void resync() {
        int sockets = 0;
        List<String> channels = List.copyOf(index.channels());
        for (String channel : channels) {
            for (SocketSession session : index.of(channel)) {
                feed.catchUp(session, channel);
                sockets++;
            }
        }
        Log.infof("[fanout] subscription back: %d socket subscriptions on %d channels catch up from their last offsets",
                sockets, channels.size());
    }

    /** Hands one stored event to this replica's subscribers of its channel (in its trace when it has one). */
    void deliver(LiveEvent live) {
        EventFrame event = live.frame();
        // One task per event loop writes the event to all of that loop's sockets: each write then happens on
        // the socket's own thread, instead of a cross-thread hop (a task and a wake-up) per socket. The frame is
        // encoded once for all of them (PrebuiltTextFrame), each task holding it until its loop is done.
        // The deliveries of a loop are counted once, with one latency sample (to the last of its sockets).
        Map<Executor, List<SocketSession>> byLoop = new IdentityHashMap<>(4);
        int direct = 0;
        int sockets = 0;
        for (SocketSession session : index.of(event.channel())) {
            sockets++;
            Executor writer = session.writer();
            if (writer == null) {
                direct += feed.deliver(session, event) ? 1 : 0;
            } else {
                byLoop.computeIfAbsent(writer, k -> new ArrayList<>()).add(session);
            }
        }
        metrics.delivered(direct, event.time());
        FanoutTraces.Delivery traced = traces.start(live, sockets, direct, byLoop.size());
        if (byLoop.isEmpty()) {
            return;
        }
        PrebuiltTextFrame frame = PrebuiltTextFrame.of(event.text());
        try {
            byLoop.forEach((writer, sessions) -> {
                frame.retain();
                try {
                    writer.execute(() -> writeAll(event, frame, sessions, traced));
                } catch (RejectedExecutionException e) { // the loop is shutting down: its sockets are closing
                    frame.release();
                    traced.written(0);
                }
            });
        } finally {
            frame.release();
        }
    }

    /** One loop's deliveries of an event; releases the loop's hold on the frame. */
    private void writeAll(EventFrame event, PrebuiltTextFrame frame, List<SocketSession> sessions,
                          FanoutTraces.Delivery traced) {
        int written = 0;
        try {
            for (int i = 0; i < sessions.size(); i++) {
                written += feed.deliver(sessions.get(i), event, frame) ? 1 : 0;
            }
        } finally {
            frame.release();
            metrics.delivered(written, event.time());
            traced.written(written);
        }
    }
}
