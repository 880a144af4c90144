package io.switchboard.bench;

import io.switchboard.bench.FanOut.Load;
import io.switchboard.bench.FanOut.Phase;
import io.switchboard.bench.FanOut.Run;
import io.switchboard.bench.FanOut.Subscriber;
import io.switchboard.bench.proc.OnLoop;
import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.Service;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load generator of {@link FanOut} for one server: subscribes the sockets, posts the events of each
 * phase to {@code POST /api/events} and times every delivery from just before its POST.
 */
record FanOutDriver(Service server, Vertx vertx, HttpClient http, String token, String channel) {
    private static final System.Logger LOG = System.getLogger(FanOutDriver.class.getName());
    private static final int IN_FLIGHT = 256;

    /** One socket count: subscribe them, the single events, the steady rate, close them. */
    Run measure(String system, Subscriber subscriber, int sockets, Load load) throws Exception {
        Deliveries deliveries = new Deliveries(Long.toHexString(System.nanoTime()));
        LOG.log(System.Logger.Level.INFO, "{0}: subscribing {1} sockets", system, sockets);
        List<Runnable> closers = new ArrayList<>();
        Semaphore window = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            window.acquire();
            pending.add(subscriber.open(deliveries::accept).onComplete(ar -> window.release()).onSuccess(c -> {
                synchronized (closers) {
                    closers.add(c);
                }
            }).toCompletionStage().toCompletableFuture());
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).handle((v, t) -> v).get(180, TimeUnit.SECONDS);
        int subscribed = closers.size();
        LOG.log(System.Logger.Level.INFO, "{0}: {1} of {2} sockets subscribed", system, subscribed, sockets);
        Pause.millis(1000);

        // a steady rate: about 20,000 deliveries a second, at least one event a second
        int rate = Math.max(1, 20_000 / sockets);
        FanOut.WarmUp warmUp = warmUp(system, deliveries, rate, subscribed, load);
        // single events, one second apart
        Phase single = phase(deliveries, "s", load.singles(), 1, subscribed);
        Phase steady = phase(deliveries, "r", rate * load.steadySeconds(), rate, subscribed);
        closers.forEach(Runnable::run);
        Pause.millis(2000);
        return new Run(system, sockets, subscribed, warmUp, single, steady, rate);
    }

    /** The steady rate in windows until the server's CPU per delivery settles (not measured; see {@link Load}). */
    private FanOut.WarmUp warmUp(String system, Deliveries d, int rate, int sockets, Load load) {
        List<Double> windows = new ArrayList<>();
        List<Double> compiler = new ArrayList<>();
        long start = System.nanoTime();
        while (true) {
            Phase w = phase(d, "w" + windows.size() + "-", rate * load.warmupWindow(), rate, sockets);
            windows.add(w.cpuMicrosPerDelivery());
            double jit = w.cpuSecondsByThreadKind().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                    .mapToDouble(Map.Entry::getValue).sum();
            compiler.add(w.serverCpuSeconds() > 0 ? jit / w.serverCpuSeconds() : Double.NaN);
            double elapsed = (System.nanoTime() - start) / 1e9;
            boolean settled = CommandDriver.settled(windows) && CommandDriver.compiled(compiler);
            LOG.log(System.Logger.Level.INFO, "{0}: warm-up window {1} at {2} sockets: {3} µs of server CPU per delivery, JIT compiler {4}% of it",
                    system, windows.size(), sockets, String.format("%.1f", w.cpuMicrosPerDelivery()),
                    Math.round(100 * compiler.get(compiler.size() - 1)));
            if (elapsed >= load.warmupMaxSeconds() || (elapsed >= load.warmupSeconds() && settled)) {
                return new FanOut.WarmUp(elapsed, settled, windows);
            }
        }
    }

    private Phase phase(Deliveries d, String tag, int events, int perSecond, int sockets) {
        d.recorder.reset();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long[] cpu0 = server.stats().cpuSplitNanos();
        Map<String, Long> threads0 = server.stats().cpuNanosByThreadKind();
        long t0 = System.nanoTime() + 100_000_000;
        List<String> ids = new ArrayList<>();
        for (int e = 0; e < events; e++) {
            Pause.until(t0 + e * interval);
            String id = "fo-" + d.run + "-" + tag + e;
            ids.add(id);
            String body = "{\"id\":\"" + id + "\",\"channel\":\"" + channel + "\",\"type\":\"order.placed\",\"data\":{\"orderId\":\""
                    + id + "\",\"customerId\":\"c-1\",\"total\":1}}";
            d.sentAt.put(id, System.nanoTime());
            post(body);
        }
        long expected = (long) events * sockets;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (d.received(ids) < expected && System.nanoTime() < deadline) {
            Pause.millis(20);
        }
        long received = d.received(ids);
        long end = ids.stream().map(d.lastAt::get).filter(Objects::nonNull).mapToLong(AtomicLong::get).max().orElse(t0);
        long[] cpu1 = server.stats().cpuSplitNanos();
        double cpuSeconds = (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]) / 1e9;
        double systemSeconds = (cpu1[1] - cpu0[1]) / 1e9;
        Map<String, Double> byThread = new java.util.TreeMap<>();
        server.stats().cpuNanosByThreadKind().forEach((kind, nanos) -> {
            double s = (nanos - threads0.getOrDefault(kind, 0L)) / 1e9;
            if (s > 0) {
                byThread.put(kind, s);
            }
        });
        Histogram toLast = Histograms.latency();
        for (String id : ids) {
            AtomicLong last = d.lastAt.get(id);
            if (last != null) {
                toLast.recordValue(last.get() - d.sentAt.get(id));
            }
        }
        if (received < expected) {
            LOG.log(System.Logger.Level.WARNING, "{0} of {1} deliveries missing after 30 s", expected - received, expected);
        }
        return new Phase(d.recorder.getIntervalHistogram(), toLast, expected, received,
                (end - d.sentAt.get(ids.get(0))) / 1e9, cpuSeconds, systemSeconds, byThread);
    }

    private void post(String body) {
        OnLoop.call(vertx, () -> http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(server.base().getHost())
                        .setPort(server.base().getPort()).setURI("/api/events").addHeader("Authorization", "Bearer " + token)
                        .addHeader("Content-Type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(body))).compose(resp -> resp.body().map(b -> resp.statusCode())))
                .onComplete(ar -> {
                    if (ar.failed() || ar.result() != 202) {
                        LOG.log(System.Logger.Level.WARNING, "POST /api/events: {0}", ar.failed() ? ar.cause() : ar.result());
                    }
                });
    }

    /** The deliveries of one socket count's events ({@code fo-<run>-<tag><n>}), as the sockets read them. */
    private static final class Deliveries {
        final String run;
        final String marker;
        final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> lastAt = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        final Recorder recorder = new Recorder(3);

        Deliveries(String run) {
            this.run = run;
            this.marker = "\"id\":\"fo-" + run + "-";
        }

        /** A frame (or payload) one socket read. */
        void accept(String text) {
            long now = System.nanoTime();
            int at = text.indexOf(marker);
            if (at < 0) {
                return;
            }
            String id = text.substring(at + 6, text.indexOf('"', at + 6));
            Long t0 = sentAt.get(id);
            if (t0 != null) {
                recorder.recordValue(now - t0);
                counts.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
                lastAt.computeIfAbsent(id, k -> new AtomicLong()).accumulateAndGet(now, Math::max);
            }
        }

        long received(List<String> ids) {
            long n = 0;
            for (String id : ids) {
                AtomicLong c = counts.get(id);
                n += c == null ? 0 : c.get();
            }
            return n;
        }
    }
}
