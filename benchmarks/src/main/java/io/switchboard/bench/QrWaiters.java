package io.switchboard.bench;

import io.switchboard.bench.proc.OnLoop;
import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.ProcStats;
import io.switchboard.bench.proc.Service;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ReportWriter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Scenario 4, QR logins waiting: N pages long-poll {@code GET /api/qr-logins/{id}?waitSeconds=30} while
 * nobody scans; the server's threads, heap, CPU and the Redis commands per second are read over an idle
 * window; then the third party's grant webhook is called for a sample of the logins at a steady pace and
 * the time from the webhook's send to the page's answer is measured. Switchboard's auth-callback-service
 * beside the sleep-and-poll baseline (a request thread that re-reads Redis every second). A poll answered
 * {@code pending} is re-issued at once, as a page does.
 */
final class QrWaiters {
    private static final System.Logger LOG = System.getLogger(QrWaiters.class.getName());

    /** One system at one count of waiting logins. */
    record Step(String system, int logins, int waiting, long threads, long heap, long rss, double idleCpuPercent,
                double redisPerSecond, Histogram grant, int grantsAnswered, int grantsSent) {
    }

    /** A login as the page knows it. */
    record Login(String id, String key, String cookie) {
    }

    /** How a system's logins are created, granted and counted. */
    private record Flavour(String system, int port, Function<JsonObject, String> keyOf, boolean signed,
                           String waitersMetric) {
    }

    private QrWaiters() {
    }

    static void run(Lab lab) throws Exception {
        List<Integer> counts = lab.quick ? List.of(1000) : List.of(1000, 5000, 10_000);
        int window = lab.quick ? 5 : 10;
        int sample = lab.quick ? 100 : 500;
        List<Step> steps = new ArrayList<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClient http = vertx.createHttpClient(); // control calls: metrics, stats
        try {
            Flavour ours = new Flavour("Switchboard", 38083,
                    body -> body.getString("qrContent").replaceAll(".*qrCodeKey=", ""), true, "switchboard_qr_waiters{kind=\"poll\"}");
            try (Service auth = lab.authService()) {
                LOG.log(System.Logger.Level.INFO, "Switchboard: warm-up round (not reported)");
                step(lab, vertx, http, auth, ours, 200, 1, 100); // the JIT, the signing key, the pools
                for (int n : counts) {
                    steps.add(step(lab, vertx, http, auth, ours, n, window, sample));
                }
            }
            Flavour naive = new Flavour("sleep-and-poll baseline", 38096, body -> body.getString("qrCodeKey"), false, null);
            try (Service poller = lab.sleepPoll()) {
                LOG.log(System.Logger.Level.INFO, "sleep-and-poll baseline: warm-up round (not reported)");
                step(lab, vertx, http, poller, naive, 200, 1, 100);
                for (int n : counts) {
                    steps.add(step(lab, vertx, http, poller, naive, n, window, sample));
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        report(lab, steps, window);
    }

    /**
     * One round: n logins created and waiting, the idle window, the grants. The pages use an HTTP client of
     * their own, closed at the end, and the round waits until the server has let go of their waits, so
     * rounds do not add up.
     */
    private static Step step(Lab lab, Vertx vertx, HttpClient control, Service server, Flavour f, int n, int window,
                             int sample) throws Exception {
        HttpClient http = pages(vertx);
        try {
            return round(lab, http, server, f, n, window, sample);
        } finally {
            http.close().toCompletionStage().toCompletableFuture().handle((v, t) -> v).get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            int left;
            while ((left = waiting(control, server, f)) > 0 && System.nanoTime() < deadline) {
                Pause.millis(200);
            }
            if (left > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1} waits still held 40 s after their pages left", f.system(), left);
            }
        }
    }

    private static HttpClient pages(Vertx vertx) {
        return vertx.createHttpClient(new HttpClientOptions().setLocalAddress("127.0.0.5").setConnectTimeout(20_000)
                .setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(12_000).setMaxWaitQueueSize(-1));
    }

    private static Step round(Lab lab, HttpClient http, Service server, Flavour f, int n, int window, int sample)
            throws Exception {
        LOG.log(System.Logger.Level.INFO, "{0}: creating {1} logins", f.system(), n);
        List<Login> logins = new ArrayList<>();
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<Login>> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            created.add(call(http, f.port(), HttpMethod.POST, "/api/qr-logins", MultiMap.caseInsensitiveMultiMap(), "")
                    .map(resp -> {
                        if (resp.status() != 201) {
                            throw new IllegalStateException("create login: " + resp.status() + " " + resp.body());
                        }
                        JsonObject body = new JsonObject(resp.body());
                        String cookie = resp.headers().get("set-cookie");
                        return new Login(body.getString("loginId"), f.keyOf().apply(body),
                                cookie == null ? "" : cookie.substring(0, cookie.indexOf(';')));
                    }).onComplete(ar -> inFlight.release()).toCompletionStage().toCompletableFuture());
        }
        for (CompletableFuture<Login> c : created) {
            logins.add(c.get(60, TimeUnit.SECONDS));
        }

        LOG.log(System.Logger.Level.INFO, "{0}: {1} pages start waiting", f.system(), n);
        Map<String, Long> grantedAt = new java.util.concurrent.ConcurrentHashMap<>();
        Recorder grant = new Recorder(3);
        AtomicInteger answered = new AtomicInteger();
        for (Login l : logins) {
            waitFor(http, f.port(), l, grantedAt, grant, answered);
        }
        ProcStats stats = server.stats();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int waiting;
        while ((waiting = waiting(http, server, f)) < n && System.nanoTime() < deadline) {
            Pause.millis(100);
        }
        Pause.millis(1000); // the waits' first reads finish before the window opens
        LOG.log(System.Logger.Level.INFO, "{0}: {1} waiting; idle window of {2} s", f.system(), waiting, window);
        long redis0 = lab.redisCommandsProcessed();
        long cpu0 = stats.cpuNanos();
        long t0 = System.nanoTime();
        Pause.millis(window * 1000L);
        double cpu = 100.0 * (stats.cpuNanos() - cpu0) / (System.nanoTime() - t0);
        double redis = (lab.redisCommandsProcessed() - redis0 - 1) * 1e9 / (System.nanoTime() - t0);
        long threads = stats.threads();
        long rss = stats.rssBytes();
        long heap = stats.heapAfterGcBytes();

        int grants = Math.min(sample, n);
        LOG.log(System.Logger.Level.INFO, "{0}: granting {1} logins, 50 a second", f.system(), grants);
        long g0 = System.nanoTime() + 50_000_000;
        for (int i = 0; i < grants; i++) {
            Pause.until(g0 + i * 20_000_000L);
            Login l = logins.get(i);
            String body = "{\"qrCodeKey\":\"" + l.key() + "\",\"event\":\"granted\",\"user\":{\"id\":\"bench-user\",\"name\":\"Bench\"}}";
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
            if (f.signed()) {
                String id = "msg_" + UUID.randomUUID();
                long ts = Instant.now().getEpochSecond();
                headers.add("webhook-id", id).add("webhook-timestamp", Long.toString(ts))
                        .add("webhook-signature", lab.signWebhook(id, ts, body));
            }
            grantedAt.put(l.id(), System.nanoTime());
            call(http, f.port(), HttpMethod.POST, "/api/callbacks/qr-grants", headers, body).onComplete(ar -> {
                if (ar.failed() || ar.result().status() / 100 != 2) {
                    LOG.log(System.Logger.Level.WARNING, "grant webhook: {0}", ar.failed() ? ar.cause() : ar.result().body());
                }
            });
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (answered.get() < grants && System.nanoTime() < end) {
            Pause.millis(20);
        }
        Step step = new Step(f.system(), n, waiting, threads, heap, rss, cpu, redis, grant.getIntervalHistogram(),
                answered.get(), grants);
        LOG.log(System.Logger.Level.INFO, "{0}: {1} threads, {2} Redis commands/s idle, {3} of {4} grants answered",
                f.system(), threads, Math.round(redis), answered.get(), grants);
        return step;
    }

    /** Long-polls until the login is granted, re-polling at once when an answer is still pending. */
    private static void waitFor(HttpClient http, int port, Login l, Map<String, Long> grantedAt, Recorder grant,
                                AtomicInteger answered) {
        call(http, port, HttpMethod.GET, "/api/qr-logins/" + l.id() + "?waitSeconds=30",
                MultiMap.caseInsensitiveMultiMap().add("Cookie", l.cookie()), null).onComplete(ar -> {
            long now = System.nanoTime();
            if (ar.succeeded() && ar.result().status() == 200 && ar.result().body().contains("\"granted\"")) {
                Long sent = grantedAt.get(l.id());
                if (sent != null) {
                    grant.recordValue(now - sent);
                    answered.incrementAndGet();
                }
            } else if (ar.succeeded() && ar.result().status() == 200) {
                waitFor(http, port, l, grantedAt, grant, answered);
            }
        });
    }

    private static int waiting(HttpClient http, Service server, Flavour f) throws Exception {
        if (f.waitersMetric() != null) {
            String metrics = call(http, f.port(), HttpMethod.GET, "/q/metrics", MultiMap.caseInsensitiveMultiMap(), null)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith(f.waitersMetric() + " ")) {
                    return (int) Double.parseDouble(line.substring(f.waitersMetric().length() + 1).trim());
                }
            }
            return 0;
        }
        String stats = call(http, f.port(), HttpMethod.GET, "/stats", MultiMap.caseInsensitiveMultiMap(), null)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
        return new JsonObject(stats).getInteger("waiting", 0);
    }

    /** A response as the load generator keeps it. */
    record Response(int status, MultiMap headers, String body) {
    }

    private static Future<Response> call(HttpClient http, int port, HttpMethod method, String uri, MultiMap headers, String body) {
        return OnLoop.call(http, () -> http.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
                        .setHeaders(headers).setTimeout(120_000))
                .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
                .compose((HttpClientResponse resp) -> resp.body().map(b -> new Response(resp.statusCode(), resp.headers(), b.toString()))));
    }

    private static void report(Lab lab, List<Step> steps, int window) {
        ReportWriter r = lab.report;
        r.heading(2, "4. QR logins waiting");
        r.para("Pages long-poll `GET /api/qr-logins/{id}?waitSeconds=30` while nobody scans. Threads are the server "
                + "process' OS threads (`/proc`), heap is measured after a full collection, CPU and Redis commands per "
                + "second (INFO `total_commands_processed`, every client of that Redis) over an idle window of " + window
                + " s. Then the third party's webhook grants a sample of the logins, 50 a second, and the page's answer is "
                + "timed from the webhook's send. Switchboard wakes a waiter from a Redis pub/sub change notification; the "
                + "baseline's request thread re-reads Redis every second.");
        List<List<String>> rows = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        for (Step s : steps) {
            rows.add(List.of(s.system(), ReportWriter.num(s.logins(), 0), ReportWriter.num(s.waiting(), 0),
                    Long.toString(s.threads()), ReportWriter.num(s.heap() / 1048576.0, 0), ReportWriter.num(s.rss() / 1048576.0, 0),
                    ReportWriter.num(s.idleCpuPercent(), 1), ReportWriter.num(s.redisPerSecond(), 1),
                    ReportWriter.ms(s.grant().getValueAtPercentile(50)), ReportWriter.ms(s.grant().getValueAtPercentile(99)),
                    s.grantsAnswered() + " / " + s.grantsSent()));
            List<Object> row = new ArrayList<>(List.of(s.system(), s.logins(), s.waiting(), s.threads(), s.heap(), s.rss(),
                    s.idleCpuPercent(), s.redisPerSecond(), s.grantsSent(), s.grantsAnswered()));
            row.addAll(ReportWriter.latencyCsv(s.grant()));
            csv.add(row);
        }
        r.table(List.of("server", "logins", "waiting", "threads", "heap MiB", "RSS MiB", "idle CPU %", "Redis cmds/s idle",
                "grant -> answer p50 ms", "p99 ms", "answered"), rows);
        List<String> header = new ArrayList<>(List.of("server", "logins", "waiting", "threads", "heap_bytes", "rss_bytes",
                "idle_cpu_percent", "redis_cmds_per_s", "grants_sent", "grants_answered"));
        header.addAll(ReportWriter.LATENCY_CSV_HEADER.stream().map(h -> "grant_" + h).toList());
        r.csv("qr-waiters", header, csv);
        Step oursTop = steps.stream().filter(s -> s.system().equals("Switchboard")).reduce((a, b) -> b).orElseThrow();
        steps.stream().filter(s -> !s.system().equals("Switchboard") && s.logins() == oursTop.logins()).findFirst().ifPresent(b -> {
            r.heading(3, "Headline ratios");
            r.bullet(String.format("%,d waiting: threads %d vs %d (target: 64 or fewer), Redis commands/s while idle %s vs %s (target: 0).",
                    oursTop.logins(), oursTop.threads(), b.threads(), ReportWriter.num(oursTop.redisPerSecond(), 1),
                    ReportWriter.num(b.redisPerSecond(), 1)));
            r.bullet(String.format("grant -> answer p99 %s ms vs %s ms (target: under 10 ms): **%s** faster at p50.",
                    ReportWriter.ms(oursTop.grant().getValueAtPercentile(99)), ReportWriter.ms(b.grant().getValueAtPercentile(99)),
                    ReportWriter.ratio(b.grant().getValueAtPercentile(50) / (double) oursTop.grant().getValueAtPercentile(50))));
            r.para("");
        });
        Map<String, Histogram> series = new LinkedHashMap<>();
        steps.stream().filter(s -> s.logins() == oursTop.logins())
                .forEach(s -> series.put(s.system() + ", " + ReportWriter.num(s.logins(), 0) + " waiting", s.grant()));
        Plots.latencyPercentiles(r.file("qr-grant-to-answer.png"), "QR login: webhook sent -> page answered", series);
        r.image("qr-grant-to-answer.png", "grant to answer latency by percentile");
        r.flush();
    }
}
