package io.switchboard.bench;

import io.switchboard.sim.DevJwt;
import io.switchboard.sim.DeviceSimulator;
import io.switchboard.sim.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Command round trip HTTP -> Kafka -> gateway -> simulated machine -> Kafka -> HTTP, against running
 * services, printed beside the Kafka floor measured in the same run. Closed loop (one at a time) for the
 * floor-to-floor comparison, then open loop at a fixed arrival rate; open-loop latency is measured from
 * each request's intended start, so a stall is not hidden (coordinated omission).
 *
 * <pre>java -cp benchmarks-all.jar io.switchboard.bench.CommandRoundTrip --commands http://127.0.0.1:8082
 *   --gateway ws://127.0.0.1:8081/devices/ws --kafka 127.0.0.1:19092 --key .run/keys/privateKey.pem
 *   --sequential 2000 --rate 500 --seconds 20 --devices 20</pre>
 */
public final class CommandRoundTrip {
    private static final System.Logger LOG = System.getLogger(CommandRoundTrip.class.getName());
    private CommandRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("--commands", "http://127.0.0.1:8082",
                "--gateway", "ws://127.0.0.1:8081/devices/ws", "--kafka", "127.0.0.1:19092",
                "--key", ".run/keys/privateKey.pem", "--sequential", "2000", "--rate", "500", "--seconds", "20",
                "--devices", "20", "--floor", "2000"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        DevJwt jwt = DevJwt.fromPemFile(Path.of(o.get("--key")), "https://switchboard.local/issuer");
        String operator = jwt.mint("bench", List.of("operator"), Duration.ofHours(2), Map.of());
        int devices = Integer.parseInt(o.get("--devices"));
        String prefix = "bench-" + Long.toHexString(System.nanoTime() & 0xffffff) + "-";

        LOG.log(System.Logger.Level.INFO, "measuring the Kafka floor");
        Histogram floor = KafkaFloor.measure(o.get("--kafka"), Integer.parseInt(o.get("--floor")));
        LOG.log(System.Logger.Level.INFO, "connecting {0} simulated machines", devices);
        URI base = URI.create(o.get("--commands"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        SimulatorConfig machines = new SimulatorConfig(URI.create(o.get("--gateway")),
                id -> jwt.mint(id, List.of("device"), Duration.ofHours(2), Map.of()), 0, 0.0, 200, 5000);
        try (DeviceSimulator sim = new DeviceSimulator(machines)) {
            for (int i = 0; i < devices; i++) {
                sim.startAndAwait(prefix + i, machines, Duration.ofSeconds(20));
            }
            LOG.log(System.Logger.Level.INFO, "warming up (not measured)");
            warmUp(http, base, operator, prefix, devices, Integer.parseInt(o.getOrDefault("--warmup", "3000")));
            LOG.log(System.Logger.Level.INFO, "one command at a time");
            Histogram sequential = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            int n = Integer.parseInt(o.get("--sequential"));
            int errors = 0;
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                int status = send(http, base, operator, prefix + (i % devices)).get(30, TimeUnit.SECONDS);
                sequential.recordValue(System.nanoTime() - start);
                errors += status == 200 ? 0 : 1;
            }
            LOG.log(System.Logger.Level.INFO, "open loop at {0}/s", o.get("--rate"));
            Histogram open = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            int rate = Integer.parseInt(o.get("--rate"));
            int total = rate * Integer.parseInt(o.get("--seconds"));
            AtomicInteger openErrors = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(total);
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            for (int i = 0; i < total; i++) {
                long intended = t0 + i * interval;
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(Math.min(wait, 200_000));
                }
                String device = prefix + (i % devices);
                send(http, base, operator, device).whenComplete((status, failure) -> {
                    synchronized (open) {
                        open.recordValue(Math.max(0, System.nanoTime() - intended));
                    }
                    if (failure != null || status != 200) {
                        openErrors.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            done.await(120, TimeUnit.SECONDS);
            Report.commands(floor, sequential, errors, open, rate, openErrors.get(), devices);
        }
    }

    /**
     * JIT warm-up of both services, not measured: bursts of concurrent commands. The first ones may meet
     * a presence not yet written (409); that is why they are not measured either.
     */
    private static void warmUp(HttpClient http, URI base, String token, String prefix, int devices, int n) {
        CompletableFuture<?>[] batch = new CompletableFuture<?>[Math.min(n, 50)];
        for (int done = 0; done < n; done += batch.length) {
            for (int i = 0; i < batch.length; i++) {
                batch[i] = send(http, base, token, prefix + ((done + i) % devices));
            }
            CompletableFuture.allOf(batch).join();
        }
    }

    private static CompletableFuture<Integer> send(HttpClient http, URI base, String token, String device) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/devices/" + device + "/commands"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"method\":\"dispense\",\"params\":{\"bag\":1}}")).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }
}
