package io.switchboard.bench;

import io.switchboard.bench.proc.Service;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Scenario 4, QR logins waiting: N pages long-poll {@code GET /api/qr-logins/{id}?waitSeconds=30} while
 * nobody scans; the server's threads, heap, CPU and the Redis commands per second are read over an idle
 * window; then the third party's grant webhook is called for a sample of the logins at a steady pace and
 * the time from the webhook's send to the page's answer is measured. Switchboard's auth-callback-service
 * beside the sleep-and-poll baseline (a request thread that re-reads Redis every second), by the same load
 * generator ({@link QrDriver}). A poll answered {@code pending} is re-issued at once, as a page does.
 * {@link QrWaitersReport} writes the section.
 */
final class QrWaiters {
    private static final System.Logger LOG = System.getLogger(QrWaiters.class.getName());

    /** The counts of waiting logins, the idle window in seconds, and how many of them are granted. */
    record Load(List<Integer> logins, int windowSeconds, int sample) {
        static Load of(boolean quick) {
            return quick ? new Load(List.of(1000), 5, 100) : new Load(List.of(1000, 5000, 10_000), 10, 500);
        }

        /** The warm-up round before a system's first reported one: the JIT, the signing key, the pools. */
        static final Load WARM_UP = new Load(List.of(200), 1, 100);
    }

    /** One system at one count of waiting logins. */
    record Step(String system, int logins, int waiting, long threads, long heap, long rss, double idleCpuPercent,
                double redisPerSecond, Histogram grant, int grantsAnswered, int grantsSent) {
    }

    /** The figures: each system at each count, in the order measured (Switchboard first). */
    record Result(Load load, List<Step> steps) {
    }

    /**
     * How a system's logins are read and counted: the QR key in the create answer, whether the grant
     * webhook is signed, and the Prometheus line that counts the waits (null: the baseline's {@code /stats}).
     */
    record Flavour(String system, Function<JsonObject, String> keyOf, boolean signed, String waitersMetric) {
    }

    private QrWaiters() {
    }

    static Result measure(Lab lab) throws Exception {
        Load load = Load.of(lab.quick);
        List<Step> steps = new ArrayList<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try (RedisInfo redis = new RedisInfo(Lab.REDIS_PORT)) {
            Flavour ours = new Flavour("Switchboard", body -> body.getString("qrContent").replaceAll(".*qrCodeKey=", ""),
                    true, "switchboard_qr_waiters{kind=\"poll\"}");
            try (Service auth = lab.authService()) {
                steps.addAll(rounds(new QrDriver(lab, vertx, redis, auth, ours), load));
            }
            Flavour naive = new Flavour("sleep-and-poll baseline", body -> body.getString("qrCodeKey"), false, null);
            try (Service poller = lab.sleepPoll()) {
                steps.addAll(rounds(new QrDriver(lab, vertx, redis, poller, naive), load));
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return new Result(load, steps);
    }

    /** A warm-up round (not reported), then one round per count. */
    private static List<Step> rounds(QrDriver driver, Load load) throws Exception {
        LOG.log(System.Logger.Level.INFO, "{0}: warm-up round (not reported)", driver.system());
        driver.step(Load.WARM_UP.logins().get(0), Load.WARM_UP);
        List<Step> steps = new ArrayList<>();
        for (int n : load.logins()) {
            steps.add(driver.step(n, load));
        }
        return steps;
    }
}
