package io.switchboard.bench;

import io.switchboard.bench.Commands.OpenLoop;
import io.switchboard.bench.proc.OnLoop;
import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load generator of {@link Commands}: posts {@code dispense} commands to one system, round-robin over
 * its machines {@code bench-m0..}, as warm-up bursts, one at a time, or open loop at a fixed rate; the CPU figures are the servers' own, from /proc.
 */
record CommandDriver(Vertx vertx, HttpClient http, URI base, String token, int devices) {
    private static final System.Logger LOG = System.getLogger(CommandDriver.class.getName());
    private static final String BODY = "{\"method\":\"dispense\",\"params\":{\"bag\":1},\"timeoutMs\":7000}";

    /** The id of the i-th simulated machine. */
    static String device(int i) {
        return "bench-m" + i;
    }

    /**
     * Bursts of 50 commands, not measured, in windows of {@code window} seconds: at least {@code minSeconds},
     * then until the servers' CPU per command has settled ({@link #settled}; on 2 cores C2 keeps compiling
     * for minutes), at most {@code maxSeconds}. Answers each window's CPU
     * per command, so the report can say what warm-up cost and when it ended.
     */
    Commands.WarmUp warmUp(int minSeconds, int maxSeconds, int window, List<Service> servers) throws Exception {
        long started = System.nanoTime();
        List<Double> cpuMsPerCommand = new ArrayList<>();
        int sent = 0;
        while (true) {
            long cpu0 = cpuNanos(servers);
            long windowEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(window);
            int commands = 0;
            while (System.nanoTime() < windowEnd) {
                List<Future<Integer>> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    batch.add(send(sent++));
                }
                commands += 50;
                try {
                    Future.join(batch).toCompletionStage().toCompletableFuture().handle((v, t) -> v).get(60, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: a warm-up batch took over 60 s", base);
                }
            }
            double perCommand = (cpuNanos(servers) - cpu0) / 1e6 / commands;
            cpuMsPerCommand.add(perCommand);
            double elapsed = (System.nanoTime() - started) / 1e9;
            int n = cpuMsPerCommand.size();
            boolean settled = settled(cpuMsPerCommand);
            LOG.log(System.Logger.Level.INFO, "{0}: warm-up window {1}: {2} commands, {3} ms of server CPU each",
                    base, n, commands, String.format("%.2f", perCommand));
            if (elapsed >= maxSeconds || (elapsed >= minSeconds && settled)) {
                return new Commands.WarmUp(elapsed, settled, cpuMsPerCommand);
            }
        }
    }

    /**
     * True when the last three windows are each within 5% of their mean: one flat pair is not enough, the JIT
     * pauses on plateaus (seen: 4.44 then 4.69 ms, then down to 0.84 ms three windows later).
     */
    /** A JVM's compiler threads' share of its CPU under which its hot path counts as compiled. */
    static final double COMPILER_SETTLED = 0.05;

    /**
     * True when the JIT compiler threads took under {@link #COMPILER_SETTLED} of the server's CPU in each of the last
     * two windows (NaN, a server with no such threads, counts as compiled). On 2 cores C2 can still take a quarter of
     * a JVM's CPU while its CPU per operation already looks flat (fan-out at 1k: 26% in the steady phase).
     */
    static boolean compiled(List<Double> compilerShares) {
        int n = compilerShares.size();
        return n >= 2 && compilerShares.subList(n - 2, n).stream().allMatch(v -> Double.isNaN(v) || v < COMPILER_SETTLED);
    }

    static boolean settled(List<Double> windows) {
        int n = windows.size();
        if (n < 3) {
            return false;
        }
        List<Double> last = windows.subList(n - 3, n);
        double mean = last.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return last.stream().allMatch(v -> Math.abs(v - mean) <= 0.05 * mean);
    }

    private static long cpuNanos(List<Service> servers) {
        return servers.stream().mapToLong(s -> s.stats().cpuNanos()).sum();
    }

    /** {@code n} commands one after the other into {@code latency}; answers the count not answered 200. */
    int sequential(int n, Histogram latency) throws Exception {
        int errors = 0;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            int status = send(i).toCompletionStage().toCompletableFuture()
                    .handle((s, t) -> t == null ? s : -1).get(30, TimeUnit.SECONDS);
            latency.recordValue(System.nanoTime() - start);
            errors += status == 200 ? 0 : 1;
        }
        return errors;
    }

    /** {@code rate} commands a second for {@code seconds}, each timed from its intended start. */
    OpenLoop openLoop(int rate, int seconds, List<Service> servers) throws Exception {
        int total = rate * seconds;
        Recorder recorder = new Recorder(3);
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(total);
        long cpu0 = cpuNanos(servers);
        long t0 = System.nanoTime() + 50_000_000;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < total; i++) {
            long intended = t0 + i * interval;
            Pause.until(intended);
            send(i).onComplete(ar -> {
                recorder.recordValue(Math.max(0, System.nanoTime() - intended));
                String outcome = ar.failed() ? ar.cause().getClass().getSimpleName() : Integer.toString(ar.result());
                if (!"200".equals(outcome)) {
                    errors.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                }
                done.countDown();
            });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            errors.computeIfAbsent("no answer in 60 s", k -> new AtomicLong()).addAndGet(done.getCount());
        }
        long cpuUsed = cpuNanos(servers) - cpu0;
        double cpu = 100.0 * cpuUsed / (System.nanoTime() - t0);
        Map<String, Long> counted = new TreeMap<>();
        errors.forEach((k, v) -> counted.put(k, v.get()));
        return new OpenLoop(rate, total, recorder.getIntervalHistogram(), counted, cpu, cpuUsed / 1e6 / total);
    }

    /** Posts the i-th command (to machine {@code i % devices}); completes with the status. */
    private Future<Integer> send(int i) {
        String device = device(i % devices);
        return OnLoop.call(vertx, () -> http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost()).setPort(base.getPort())
                        .setURI("/api/devices/" + device + "/commands").setTimeout(30_000)
                        .addHeader("Authorization", "Bearer " + token).addHeader("Content-Type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(BODY)))
                .compose(resp -> resp.body().map(b -> resp.statusCode())));
    }
}
