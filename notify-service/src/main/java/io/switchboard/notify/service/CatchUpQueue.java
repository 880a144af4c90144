package io.switchboard.notify.service;

import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.domain.ChannelCursor;
import io.switchboard.notify.domain.SocketSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * Sockets waiting to catch up, grouped by channel: one history read serves every waiting socket of a
 * channel, and at most {@code concurrency} channels are read at once, so a catch-up of many sockets neither
 * reads a channel once per socket nor floods Redis. A channel asked for again while its read runs gets a
 * new turn after it.
 */
final class CatchUpQueue {
    /** A socket's cursor that is in the replaying state and waits for its catch-up. */
    record Waiter(WebSocketConnection connection, SocketSession session, ChannelCursor cursor) {
    }

    private final int concurrency;
    private final Executor executor;
    private final BiFunction<String, List<Waiter>, Uni<Void>> job;
    private final Map<String, List<Waiter>> waiting = new HashMap<>();
    private final Queue<String> order = new ArrayDeque<>();
    private int running;

    CatchUpQueue(int concurrency, Executor executor, BiFunction<String, List<Waiter>, Uni<Void>> job) {
        this.concurrency = Math.max(1, concurrency);
        this.executor = executor;
        this.job = job;
    }

    /** Queues the waiter; the job runs later on {@code executor}, never on the caller's thread (it may hold a session lock). */
    void add(String channel, Waiter waiter) {
        synchronized (this) {
            waiting.computeIfAbsent(channel, k -> {
                order.add(k);
                return new ArrayList<>();
            }).add(waiter);
        }
        executor.execute(this::drain);
    }

    /** Channels queued or being read. */
    synchronized int size() {
        return order.size() + running;
    }

    private void drain() {
        while (true) {
            String channel;
            List<Waiter> batch;
            synchronized (this) {
                if (running >= concurrency || order.isEmpty()) {
                    return;
                }
                channel = order.poll();
                batch = waiting.remove(channel);
                running++;
            }
            Uni<Void> run;
            try {
                run = job.apply(channel, batch);
            } catch (RuntimeException e) {
                run = Uni.createFrom().failure(e);
            }
            run.onTermination().invoke(() -> {
                synchronized (this) {
                    running--;
                }
                executor.execute(this::drain);
            }).subscribe().with(v -> { }, t -> { });
        }
    }
}
