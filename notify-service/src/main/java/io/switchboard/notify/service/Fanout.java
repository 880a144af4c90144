package io.switchboard.notify.service;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.notify.domain.EventFrame;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.store.EventLog;
import io.switchboard.notify.store.RedisKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cross-replica delivery. Every stored event is published once on the Redis channel
 * {@value RedisKeys#EVENTS}; each replica holds ONE subscription to it and hands each event to its own
 * subscribers of the event's channel only (through {@link LocalSubscribers}), never to every socket.
 */
@ApplicationScoped
public class Fanout {
    private final ReactiveRedisDataSource redis;
    private final EventLog log;
    private final LocalSubscribers index;
    private final ChannelFeed feed;
    private final AtomicBoolean listening = new AtomicBoolean();
    private volatile boolean stopping;

    Fanout(ReactiveRedisDataSource redis, EventLog log, LocalSubscribers index, ChannelFeed feed) {
        this.redis = redis;
        this.log = log;
        this.index = index;
        this.feed = feed;
    }

    void start(@Observes StartupEvent start) {
        listen();
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
    }

    /** True while the Redis subscription is up (a readiness check). */
    public boolean listening() {
        return listening.get();
    }

    private void listen() {
        redis.pubsub(String.class).subscribe(RedisKeys.EVENTS, this::onMessage, this::onEnd,
                        t -> Log.warnf("[fanout] Redis subscription error: %s", t.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(s -> {
                    listening.set(true);
                    Log.infof("[fanout] listening on %s", RedisKeys.EVENTS);
                }, t -> Log.errorf(t, "[fanout] cannot listen on %s: live delivery is down", RedisKeys.EVENTS));
    }

    private void onEnd() {
        if (listening.compareAndSet(true, false) && !stopping) {
            Log.warnf("[fanout] Redis subscription ended: resubscribing (clients recover missed events with since)");
            listen();
        }
    }

    void onMessage(String stored) {
        EventFrame event;
        try {
            event = log.frame(stored);
        } catch (IllegalArgumentException e) {
            Log.warnf("[fanout] ignoring an unreadable message: %s", e.getMessage());
            return;
        }
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
