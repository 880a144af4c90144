package io.switchboard.bench;

import io.switchboard.bench.ReplicaDeliveries.Receiver;
import io.switchboard.bench.ReplicaSockets.Link;
import io.switchboard.bench.ReplicaSockets.Peer;
import io.switchboard.bench.Replicas.Load;
import io.switchboard.bench.Replicas.Phase;
import io.switchboard.bench.Replicas.Recovery;
import io.switchboard.bench.Replicas.Run;
import io.switchboard.bench.proc.OnLoop;
import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * The load generator of {@link Replicas} for one system's two replicas: subscribes the sockets (socket i on
 * replica i mod 2), posts every event to the first replica's {@code POST /api/events}, measures the fan-out
 * phases, then drops some sockets, posts while they are away and reconnects them.
 */
record ReplicaDriver(List<Service> replicas, Vertx vertx, HttpClient http, String token, String channel, RedisInfo redis) {
    private static final System.Logger LOG = System.getLogger(ReplicaDriver.class.getName());
    private static final int IN_FLIGHT = 256;
    /** The rate of the events posted while the dropped sockets are away. */
    static final int MISSED_PER_SECOND = 10;

    Run measure(String system, Peer peer, Load load) throws Exception {
        ReplicaDeliveries d = new ReplicaDeliveries(Long.toHexString(System.nanoTime()));
        int n = load.sockets();
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            receivers.add(new Receiver(i, i % replicas.size()));
        }
        AtomicReferenceArray<Link> links = new AtomicReferenceArray<>(n);
        LOG.log(System.Logger.Level.INFO, "{0}: subscribing {1} sockets across {2} replicas", system, n, replicas.size());
        open(peer, d, receivers, links, r -> null);
        List<Receiver> subscribed = receivers.stream().filter(r -> links.get(r.index) != null).toList();
        LOG.log(System.Logger.Level.INFO, "{0}: {1} of {2} sockets subscribed", system, subscribed.size(), n);
        int rate = load.steadyRate();
        phase(d, "w", rate * load.warmUpSeconds(), rate, subscribed.size()); // the JIT's first compilations, not reported
        Pause.millis(1000);

        Phase single = phase(d, "s", load.singles(), 1, subscribed.size());
        Phase steady = phase(d, "r", rate * load.steadySeconds(), rate, subscribed.size());

        List<Receiver> dropped = pickDropped(subscribed, load.dropped());
        LOG.log(System.Logger.Level.INFO, "{0}: dropping {1} sockets, {2} events while they are away", system, dropped.size(), load.missed());
        Map<Integer, Link> away = new HashMap<>();
        for (Receiver r : dropped) {
            Link link = links.getAndSet(r.index, null);
            link.drop();
            away.put(r.index, link);
        }
        Pause.millis(1000); // the servers see the closes (Socket.IO keeps each session in Redis)
        List<String> missed = post(d, "m", load.missed(), MISSED_PER_SECOND, true);
        long liveExpected = (long) (subscribed.size() - dropped.size()) * missed.size();
        awaitCount(() -> d.received(missed) >= liveExpected, 10);
        long liveReceived = d.received(missed);

        // every other dropped socket of each replica goes back to the same replica, the rest to the other
        Map<Integer, Boolean> sameReplica = new HashMap<>();
        for (int k = 0; k < dropped.size(); k++) {
            Receiver r = dropped.get(k);
            sameReplica.put(r.index, k % 2 == 0);
            if (k % 2 != 0) {
                r.replica = (r.replica + 1) % replicas.size();
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0}: reconnecting {1} sockets", system, dropped.size());
        open(peer, d, dropped, links, away::get);
        awaitCount(() -> dropped.stream().allMatch(r -> r.readOf(missed) == missed.size()), 15);
        List<Recovery> recoveries = new ArrayList<>();
        for (boolean same : List.of(true, false)) {
            recoveries.add(recovery(dropped.stream().filter(r -> sameReplica.get(r.index) == same).toList(), links, missed, same));
        }

        // one more event: every socket, the reconnected ones included, is live again
        List<String> after = post(d, "a", 1, 1, false);
        int open = 0;
        for (int i = 0; i < n; i++) {
            open += links.get(i) == null ? 0 : 1;
        }
        long afterExpected = open;
        awaitCount(() -> d.received(after) >= afterExpected, 10);
        long afterReceived = d.received(after);

        for (int i = 0; i < n; i++) {
            Link link = links.get(i);
            if (link != null) {
                link.close();
            }
        }
        Pause.millis(2000);
        return new Run(system, n, subscribed.size(), single, steady, rate, recoveries, liveExpected, liveReceived,
                afterExpected, afterReceived);
    }

    private static Recovery recovery(List<Receiver> group, AtomicReferenceArray<Link> links, List<String> missed, boolean same) {
        int reconnected = 0;
        int told = 0;
        int complete = 0;
        long delivered = 0;
        long duplicates = 0;
        Histogram toLast = Histograms.latency();
        Histogram toReady = Histograms.latency();
        for (Receiver r : group) {
            Link link = links.get(r.index);
            reconnected += link == null ? 0 : 1;
            told += link != null && link.recovered() ? 1 : 0;
            int read = r.readOf(missed);
            complete += read == missed.size() ? 1 : 0;
            delivered += read;
            duplicates += r.duplicates();
            if (r.reconnectToLast() >= 0) {
                toLast.recordValue(r.reconnectToLast());
            }
            if (r.reconnectToReady() >= 0) {
                toReady.recordValue(r.reconnectToReady());
            }
        }
        return new Recovery(same, group.size(), reconnected, missed.size(), (long) group.size() * missed.size(), delivered,
                duplicates, told, complete, toReady, toLast);
    }

    /** Opens a socket for each receiver on its replica, {@link #IN_FLIGHT} at a time; {@code previous} for a resume. */
    private void open(Peer peer, ReplicaDeliveries d, List<Receiver> receivers, AtomicReferenceArray<Link> links,
                      IntFunction<Link> previous) throws Exception {
        Semaphore window = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (Receiver r : receivers) {
            window.acquire();
            Link before = previous.apply(r.index);
            if (before != null) {
                r.reconnectAt = System.nanoTime();
            }
            Future<Link> opened = peer.open(replicas.get(r.replica), text -> d.accept(r, text), before);
            pending.add(opened.onComplete(ar -> window.release()).onSuccess(link -> {
                r.readyAt = System.nanoTime();
                links.set(r.index, link);
            })
                    .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "socket {0}: {1}", r.index, e.toString()))
                    .toCompletionStage().toCompletableFuture());
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).handle((v, t) -> v).get(180, TimeUnit.SECONDS);
    }

    /** The first {@code count / 2} subscribed sockets of each replica. */
    private List<Receiver> pickDropped(List<Receiver> subscribed, int count) {
        List<Receiver> out = new ArrayList<>();
        for (int replica = 0; replica < replicas.size(); replica++) {
            int want = count / replicas.size();
            for (Receiver r : subscribed) {
                if (want > 0 && r.replica == replica) {
                    out.add(r);
                    want--;
                }
            }
        }
        return out;
    }

    private Phase phase(ReplicaDeliveries d, String tag, int events, int perSecond, int sockets) {
        d.resetLatency();
        long cpu0 = serverCpuNanos();
        double redis0 = redis.cpuSeconds();
        List<String> ids = post(d, tag, events, perSecond, false);
        long expected = (long) events * sockets;
        awaitCount(() -> d.received(ids) >= expected, 30);
        long received = d.received(ids);
        double cpuSeconds = (serverCpuNanos() - cpu0) / 1e9;
        double redisSeconds = redis.cpuSeconds() - redis0;
        long first = d.sentAt(ids.get(0));
        long end = d.lastOf(ids, first);
        Histogram toLast = Histograms.latency();
        for (String id : ids) {
            Long last = d.lastAt(id);
            if (last != null) {
                toLast.recordValue(last - d.sentAt(id));
            }
        }
        if (received < expected) {
            LOG.log(System.Logger.Level.WARNING, "{0} of {1} deliveries missing after 30 s", expected - received, expected);
        }
        return new Phase(toLast, d.localLatency(), d.remoteLatency(), expected, received, (end - first) / 1e9, cpuSeconds, redisSeconds);
    }

    /** Posts {@code events} events to the first replica, {@code perSecond}, open loop; answers their ids. */
    private List<String> post(ReplicaDeliveries d, String tag, int events, int perSecond, boolean tracked) {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long t0 = System.nanoTime() + 100_000_000;
        List<String> ids = new ArrayList<>();
        for (int e = 0; e < events; e++) {
            Pause.until(t0 + e * interval);
            String id = "rf-" + d.run + "-" + tag + e;
            ids.add(id);
            d.sending(id, tracked);
            post("{\"id\":\"" + id + "\",\"channel\":\"" + channel + "\",\"type\":\"order.placed\",\"data\":{\"orderId\":\""
                    + id + "\",\"customerId\":\"c-1\",\"total\":1}}");
        }
        return ids;
    }

    private void post(String body) {
        Service target = replicas.get(ReplicaDeliveries.PUBLISHING_REPLICA);
        OnLoop.call(vertx, () -> http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(target.base().getHost())
                        .setPort(target.base().getPort()).setURI("/api/events").addHeader("Authorization", "Bearer " + token)
                        .addHeader("Content-Type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(body))).compose(resp -> resp.body().map(b -> resp.statusCode())))
                .onComplete(ar -> {
                    if (ar.failed() || ar.result() != 202) {
                        LOG.log(System.Logger.Level.WARNING, "POST /api/events: {0}", ar.failed() ? ar.cause() : ar.result());
                    }
                });
    }

    /** CPU of every process under test, summed. */
    private long serverCpuNanos() {
        return replicas.stream().mapToLong(s -> s.stats().cpuNanos()).sum();
    }

    private static void awaitCount(BooleanSupplier done, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Pause.millis(20);
        }
    }
}
