package io.switchboard.auth.bench;

import io.switchboard.auth.service.StandardWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark, not a test: holds N long-polls on a running service and reports its threads and heap
 * (from /q/metrics) before and while they wait, then the wake-up latency of a few granted logins.
 * <pre>
 * java -cp ... io.switchboard.auth.bench.WaitersBench http://127.0.0.1:18083 10000 whsec_...
 * </pre>
 * The service needs the simulator (or another third party), qr.rate-limit.logins and
 * qr.waiting.max-waiters above N. Point it at its own Redis, or delete {@code sb:qr:*} afterwards: tens of
 * thousands of keys with a TTL add Redis work under other services' tests.
 */
public final class WaitersBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private WaitersBench() {
    }

    record Login(String id, String key, String cookie) {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8083");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        byte[] secret = StandardWebhooks.decodeSecret(args.length > 2 ? args[2] : System.getenv("QR_WEBHOOK_SECRET"));
        long t0 = System.nanoTime();
        List<Login> logins = create(base, n);
        System.out.printf("created %d logins in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        System.out.println("before waiting: " + snapshot(base));

        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            polls.add(poll(base, logins.get(i)));
            if (i % 500 == 499) {
                awaitWaiters(base, i + 1);
            }
        }
        awaitWaiters(base, n);
        System.out.println("while " + n + " wait: " + snapshot(base));

        int sample = Math.min(100, n);
        long[] wakeMicros = new long[sample];
        for (int i = 0; i < sample; i++) {
            Login l = logins.get(i);
            long start = System.nanoTime();
            int status = webhook(base, secret, l.key()).statusCode();
            HttpResponse<String> answer = polls.get(i).get(30, TimeUnit.SECONDS);
            wakeMicros[i] = (System.nanoTime() - start) / 1000;
            if (status != 200 || !answer.body().contains("\"granted\"")) {
                throw new IllegalStateException("unexpected: " + status + " " + answer.body());
            }
        }
        Arrays.sort(wakeMicros);
        System.out.printf("webhook sent -> poll answered with grant, %d samples: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                sample, wakeMicros[sample / 2] / 1000.0, wakeMicros[(int) (sample * 0.99) - 1] / 1000.0,
                wakeMicros[sample - 1] / 1000.0);
        System.out.println("after: " + snapshot(base));
        System.exit(0);
    }

    private static List<Login> create(URI base, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Login>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(CompletableFuture.supplyAsync(() -> createOne(base), pool));
        }
        List<Login> logins = new ArrayList<>();
        for (CompletableFuture<Login> f : all) {
            logins.add(f.get());
        }
        pool.shutdown();
        return logins;
    }

    private static Login createOne(URI base) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/qr-logins"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
            String cookie = r.headers().firstValue("set-cookie").orElseThrow();
            return new Login(field(r.body(), "loginId"), field(r.body(), "qrContent").replaceAll(".*qrCodeKey=", ""),
                    cookie.substring(0, cookie.indexOf(';')));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<HttpResponse<String>> poll(URI base, Login l) {
        return HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/api/qr-logins/" + l.id() + "?waitSeconds=30"))
                .header("Cookie", l.cookie()).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> webhook(URI base, byte[] secret, String key) throws Exception {
        String body = "{\"qrCodeKey\":\"" + key + "\",\"event\":\"granted\",\"user\":{\"id\":\"bench\"}}";
        String id = "msg_" + UUID.randomUUID();
        long ts = Instant.now().getEpochSecond();
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/api/callbacks/qr-grants"))
                .header("content-type", "application/json").header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(ts))
                .header("webhook-signature", StandardWebhooks.sign(secret, id, ts, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitWaiters(URI base, int atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (metric(base, "switchboard_qr_waiters\\{kind=\"poll\"\\}") < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waiters did not reach " + atLeast);
            }
            CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)).join();
        }
    }

    private static String snapshot(URI base) throws Exception {
        return String.format("waiters=%.0f threads=%.0f heapUsed=%.1f MiB",
                metric(base, "switchboard_qr_waiters\\{kind=\"poll\"\\}"), metric(base, "jvm_threads_live_threads"),
                sum(base, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\}") / (1024 * 1024));
    }

    private static double metric(URI base, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+]+)").matcher(metrics(base));
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static double sum(URI base, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+]+)").matcher(metrics(base));
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static String metrics(URI base) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
