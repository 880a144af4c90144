package io.switchboard.bench;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The deliveries of one system's run in {@link Replicas}, as the sockets read them: events are
 * {@code rf-<run>-<tag><n>}, each timed from just before its POST; a delivery counts as local when the
 * socket is on the replica the events are posted to, remote otherwise. Each socket's {@link Receiver}
 * also keeps which events of the recovery phase it read, and when.
 */
final class ReplicaDeliveries {
    /** The replica events are posted to (index in the run's replicas). */
    static final int PUBLISHING_REPLICA = 0;

    final String run;
    private final String marker;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Set<String> trackedIds = ConcurrentHashMap.newKeySet();
    private final Recorder local = new Recorder(3);
    private final Recorder remote = new Recorder(3);

    ReplicaDeliveries(String run) {
        this.run = run;
        this.marker = "\"id\":\"rf-" + run + "-";
    }

    /** One subscriber socket: the replica it is on, and the recovery phase's events it read. */
    static final class Receiver {
        final int index;
        volatile int replica;
        /** When this socket's reconnect started (System.nanoTime), 0 before any. */
        volatile long reconnectAt;
        /** When the reconnected socket was ready: subscribe answered (Switchboard), CONNECT acknowledged (Socket.IO). */
        volatile long readyAt;
        private final Set<String> tracked = ConcurrentHashMap.newKeySet();
        private final AtomicLong lastTrackedAt = new AtomicLong();
        private final AtomicInteger duplicates = new AtomicInteger();

        Receiver(int index, int replica) {
            this.index = index;
            this.replica = replica;
        }

        /** How many of {@code ids} this socket read. */
        int readOf(Collection<String> ids) {
            int n = 0;
            for (String id : ids) {
                n += tracked.contains(id) ? 1 : 0;
            }
            return n;
        }

        int duplicates() {
            return duplicates.get();
        }

        /** Nanoseconds from the reconnect to the last tracked event read, or -1 when none came after it. */
        long reconnectToLast() {
            long last = lastTrackedAt.get();
            return reconnectAt == 0 || last < reconnectAt ? -1 : last - reconnectAt;
        }

        /** Nanoseconds from the reconnect to the socket being ready, or -1 when it did not get there. */
        long reconnectToReady() {
            return reconnectAt == 0 || readyAt < reconnectAt ? -1 : readyAt - reconnectAt;
        }

        private void read(String id, long now) {
            if (!tracked.add(id)) {
                duplicates.incrementAndGet();
            }
            lastTrackedAt.accumulateAndGet(now, Math::max);
        }
    }

    /** An event about to be posted; {@code tracked}: one of the recovery phase's, kept per socket. */
    void sending(String id, boolean tracked) {
        sentAt.put(id, System.nanoTime());
        if (tracked) {
            trackedIds.add(id);
        }
    }

    /** A frame (or Socket.IO payload) that {@code receiver}'s socket read. */
    void accept(Receiver receiver, String text) {
        long now = System.nanoTime();
        int at = text.indexOf(marker);
        if (at < 0) {
            return;
        }
        String id = text.substring(at + 6, text.indexOf('"', at + 6));
        Long t0 = sentAt.get(id);
        if (t0 == null) {
            return;
        }
        (receiver.replica == PUBLISHING_REPLICA ? local : remote).recordValue(now - t0);
        counts.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
        lastAt.computeIfAbsent(id, k -> new AtomicLong()).accumulateAndGet(now, Math::max);
        if (trackedIds.contains(id)) {
            receiver.read(id, now);
        }
    }

    /** Starts a phase: the delivery histograms count from now. */
    void resetLatency() {
        local.reset();
        remote.reset();
    }

    Histogram localLatency() {
        return local.getIntervalHistogram();
    }

    Histogram remoteLatency() {
        return remote.getIntervalHistogram();
    }

    long received(List<String> ids) {
        long n = 0;
        for (String id : ids) {
            AtomicLong c = counts.get(id);
            n += c == null ? 0 : c.get();
        }
        return n;
    }

    long sentAt(String id) {
        return sentAt.get(id);
    }

    /** The time its last socket read {@code id}, or null when none did. */
    Long lastAt(String id) {
        AtomicLong last = lastAt.get(id);
        return last == null ? null : last.get();
    }

    /** The latest delivery of any of {@code ids}, or {@code fallback}. */
    long lastOf(List<String> ids, long fallback) {
        return ids.stream().map(this::lastAt).filter(Objects::nonNull).mapToLong(Long::longValue).max().orElse(fallback);
    }
}
