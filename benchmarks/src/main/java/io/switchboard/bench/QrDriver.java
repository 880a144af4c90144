package io.switchboard.bench;

import io.switchboard.bench.QrWaiters.Flavour;
import io.switchboard.bench.QrWaiters.Load;
import io.switchboard.bench.QrWaiters.Step;
import io.switchboard.bench.proc.OnLoop;
import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.ProcStats;
import io.switchboard.bench.proc.Service;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The load generator of {@link QrWaiters} for one server: creates the logins, holds their pages' long-polls
 * ({@link QrPage}), reads the server over the idle window and sends the grant webhooks.
 */
final class QrDriver {
    private static final System.Logger LOG = System.getLogger(QrDriver.class.getName());

    private final Lab lab;
    private final Vertx vertx;
    private final RedisInfo redis;
    private final Service server;
    private final Flavour flavour;
    private final HttpClient control; // metrics and stats

    QrDriver(Lab lab, Vertx vertx, RedisInfo redis, Service server, Flavour flavour) {
        this.lab = lab;
        this.vertx = vertx;
        this.redis = redis;
        this.server = server;
        this.flavour = flavour;
        this.control = vertx.createHttpClient();
    }

    String system() {
        return flavour.system();
    }

    /**
     * One round: n logins created and waiting, the idle window, the grants. The pages use an HTTP client of
     * their own, closed at the end, and the round waits until the server has let go of their waits, so
     * rounds do not add up.
     */
    Step step(int n, Load load) throws Exception {
        HttpClient pages = vertx.createHttpClient(new HttpClientOptions().setLocalAddress("127.0.0.5").setConnectTimeout(20_000)
                .setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(12_000).setMaxWaitQueueSize(-1));
        try {
            return round(pages, n, load);
        } finally {
            pages.close().toCompletionStage().toCompletableFuture().handle((v, t) -> v).get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            int left;
            while ((left = waiting(control)) > 0 && System.nanoTime() < deadline) {
                Pause.millis(200);
            }
            if (left > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1} waits still held 40 s after their pages left", system(), left);
            }
        }
    }

    private Step round(HttpClient http, int n, Load load) throws Exception {
        LOG.log(System.Logger.Level.INFO, "{0}: creating {1} logins", system(), n);
        List<QrPage> pages = create(http, n);
        LOG.log(System.Logger.Level.INFO, "{0}: {1} pages start waiting", system(), n);
        QrPage.Grants grants = new QrPage.Grants();
        pages.forEach(p -> p.await(grants));
        ProcStats stats = server.stats();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int waiting;
        while ((waiting = waiting(http)) < n && System.nanoTime() < deadline) {
            Pause.millis(100);
        }
        Pause.millis(1000); // the waits' first reads finish before the window opens
        LOG.log(System.Logger.Level.INFO, "{0}: {1} waiting; idle window of {2} s", system(), waiting, load.windowSeconds());
        long redis0 = redis.commandsProcessed();
        long cpu0 = stats.cpuNanos();
        long t0 = System.nanoTime();
        Pause.millis(load.windowSeconds() * 1000L);
        double cpu = 100.0 * (stats.cpuNanos() - cpu0) / (System.nanoTime() - t0);
        double redisPerSecond = (redis.commandsProcessed() - redis0 - 1) * 1e9 / (System.nanoTime() - t0);
        long threads = stats.threads();
        long rss = stats.rssBytes();
        long heap = stats.heapAfterGcBytes();

        int sent = Math.min(load.sample(), n);
        LOG.log(System.Logger.Level.INFO, "{0}: granting {1} logins, 50 a second", system(), sent);
        long g0 = System.nanoTime() + 50_000_000;
        for (int i = 0; i < sent; i++) {
            Pause.until(g0 + i * 20_000_000L);
            grant(http, pages.get(i), grants);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (grants.answered() < sent && System.nanoTime() < end) {
            Pause.millis(20);
        }
        Step step = new Step(system(), n, waiting, threads, heap, rss, cpu, redisPerSecond, grants.latency(),
                grants.answered(), sent);
        LOG.log(System.Logger.Level.INFO, "{0}: {1} threads, {2} Redis commands/s idle, {3} of {4} grants answered",
                system(), threads, Math.round(redisPerSecond), grants.answered(), sent);
        return step;
    }

    private List<QrPage> create(HttpClient http, int n) throws Exception {
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<QrPage>> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            created.add(call(http, HttpMethod.POST, "/api/qr-logins", MultiMap.caseInsensitiveMultiMap(), "")
                    .map(resp -> {
                        if (resp.status() != 201) {
                            throw new IllegalStateException("create login: " + resp.status() + " " + resp.body());
                        }
                        JsonObject body = new JsonObject(resp.body());
                        String cookie = resp.headers().get("set-cookie");
                        return new QrPage(this, http, body.getString("loginId"), flavour.keyOf().apply(body),
                                cookie == null ? "" : cookie.substring(0, cookie.indexOf(';')));
                    }).onComplete(ar -> inFlight.release()).toCompletionStage().toCompletableFuture());
        }
        List<QrPage> pages = new ArrayList<>();
        for (CompletableFuture<QrPage> c : created) {
            pages.add(c.get(60, TimeUnit.SECONDS));
        }
        return pages;
    }

    /** The third party's webhook granting the page's login, signed when the system checks signatures. */
    private void grant(HttpClient http, QrPage page, QrPage.Grants grants) {
        String body = "{\"qrCodeKey\":\"" + page.key() + "\",\"event\":\"granted\",\"user\":{\"id\":\"bench-user\",\"name\":\"Bench\"}}";
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
        if (flavour.signed()) {
            String id = "msg_" + UUID.randomUUID();
            long ts = Instant.now().getEpochSecond();
            headers.add("webhook-id", id).add("webhook-timestamp", Long.toString(ts))
                    .add("webhook-signature", lab.signWebhook(id, ts, body));
        }
        grants.sent(page.id());
        call(http, HttpMethod.POST, "/api/callbacks/qr-grants", headers, body).onComplete(ar -> {
            if (ar.failed() || ar.result().status() / 100 != 2) {
                LOG.log(System.Logger.Level.WARNING, "grant webhook: {0}", ar.failed() ? ar.cause() : ar.result().body());
            }
        });
    }

    /** The waits the server holds: its waiters gauge on {@code /q/metrics}, or the baseline's {@code /stats}. */
    private int waiting(HttpClient http) throws Exception {
        String metric = flavour.waitersMetric();
        if (metric != null) {
            String metrics = call(http, HttpMethod.GET, "/q/metrics", MultiMap.caseInsensitiveMultiMap(), null)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith(metric + " ")) {
                    return (int) Double.parseDouble(line.substring(metric.length() + 1).trim());
                }
            }
            return 0;
        }
        String stats = call(http, HttpMethod.GET, "/stats", MultiMap.caseInsensitiveMultiMap(), null)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
        return new JsonObject(stats).getInteger("waiting", 0);
    }

    /** A response as the load generator keeps it. */
    record Response(int status, MultiMap headers, String body) {
    }

    /** One request to the server under test (no body when {@code body} is null). */
    Future<Response> call(HttpClient http, HttpMethod method, String uri, MultiMap headers, String body) {
        return OnLoop.call(vertx, () -> http.request(new RequestOptions().setMethod(method).setHost(server.base().getHost())
                        .setPort(server.base().getPort()).setURI(uri).setHeaders(headers).setTimeout(120_000))
                .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
                .compose((HttpClientResponse resp) -> resp.body().map(b -> new Response(resp.statusCode(), resp.headers(), b.toString()))));
    }
}
