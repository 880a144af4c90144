package io.switchboard.bench;

import io.switchboard.bench.proc.OnLoop;
import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.Service;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ReportWriter;
import io.switchboard.bench.sio.SocketIoClient;
import io.switchboard.sim.DeviceSimulator;
import io.switchboard.sim.SimulatorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Scenario 2, command round trip: {@code POST /api/devices/{id}/commands} answered with the machine's
 * reply, measured on Switchboard (HTTP -> command-service -> Kafka -> device-gateway -> machine -> Kafka ->
 * HTTP), on the spin-map baseline (one process, static maps, a handler thread polling for the answer) and on
 * Socket.IO (an emit with acknowledgement), by the same load generator. One command at a time first, then
 * open loop at fixed arrival rates, each latency measured from the request's intended start so that a
 * stall is not hidden (coordinated omission). The Kafka floor (one produce-to-consume hop) is measured in
 * the same run.
 */
final class Commands {
    private static final System.Logger LOG = System.getLogger(Commands.class.getName());
    private static final String BODY = "{\"method\":\"dispense\",\"params\":{\"bag\":1},\"timeoutMs\":7000}";

    /** One system's figures. */
    record Result(String system, Histogram sequential, int sequentialErrors, List<OpenLoop> open) {
    }

    /** One fixed-rate run. */
    record OpenLoop(int rate, int sent, Histogram latency, Map<String, Long> errors, double serverCpuPercent) {
        long failed() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private Commands() {
    }

    static void run(Lab lab) throws Exception {
        int devices = lab.quick ? 5 : 20;
        int warmup = lab.quick ? 10 : 30; // seconds of bursts before anything is measured: the JIT settles
        int sequential = lab.quick ? 300 : 2000;
        List<Integer> rates = lab.quick ? List.of(100) : List.of(100, 250, 500, 1000);
        int seconds = lab.quick ? 5 : 20;
        String operator = lab.token("bench-operator", List.of("operator"), Map.of());

        LOG.log(System.Logger.Level.INFO, "measuring the Kafka floor");
        Histogram floor = KafkaFloor.measure(Lab.KAFKA, sequential);

        List<Result> results = new ArrayList<>();
        // Switchboard: two services, machines on the gateway
        try (Service gw = lab.gateway(); Service cmd = lab.commandService();
             DeviceSimulator sim = machines(lab, URI.create("ws://127.0.0.1:38081/devices/ws"), devices)) {
            results.add(measure("Switchboard", cmd.base(), operator, devices, warmup, sequential, rates, seconds,
                    List.of(gw, cmd)));
        }
        try (Service spin = lab.spinMap();
             DeviceSimulator sim = machines(lab, URI.create("ws://127.0.0.1:38095/devices/ws"), devices)) {
            results.add(measure("spin-map baseline", spin.base(), operator, devices, warmup, sequential, rates,
                    seconds, List.of(spin)));
        }
        Vertx machinesVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (Service sio = lab.socketIo()) {
            WebSocketClient ws = machinesVertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1000));
            for (int i = 0; i < devices; i++) {
                String id = "bench-m" + i;
                for (int attempt = 1; ; attempt++) { // a machine tries again when its handshake gets no answer
                    try {
                        SocketIoClient.connect(ws, new WebSocketConnectOptions()
                                        .setAbsoluteURI("ws://127.0.0.1:38090/socket.io/?EIO=4&transport=websocket"),
                                        lab.token(id, List.of("device"), Map.of()))
                                .map(c -> c.onAckRequest((event, payload) -> "{\"ok\":true,\"method\":\"dispense\",\"deviceId\":\"" + id + "\"}"))
                                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                        break;
                    } catch (java.util.concurrent.TimeoutException e) {
                        LOG.log(System.Logger.Level.WARNING, "Socket.IO machine {0}: no CONNECT answer in 5 s (attempt {1})", id, attempt);
                        if (attempt == 5) {
                            throw e;
                        }
                    }
                }
            }
            results.add(measure("Socket.IO (emit with ack)", sio.base(), operator, devices, warmup, sequential,
                    rates, seconds, List.of(sio)));
        } finally {
            machinesVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        report(lab, floor, results, devices, seconds);
    }

    private static DeviceSimulator machines(Lab lab, URI uri, int devices) throws InterruptedException {
        SimulatorConfig config = new SimulatorConfig(uri, id -> lab.token(id, List.of("device"), Map.of()), 0, 0.0, 200, 5000);
        DeviceSimulator sim = new DeviceSimulator(config);
        for (int i = 0; i < devices; i++) {
            sim.startAndAwait("bench-m" + i, config, Duration.ofSeconds(20));
        }
        return sim;
    }

    /**
     * Measures one system with a load generator of its own (Vert.x and HTTP client, closed afterwards), so
     * that requests still queued by a saturated run cannot slow the next system.
     */
    private static Result measure(String system, URI base, String token, int devices, int warmup,
                                  int sequential, List<Integer> rates, int seconds, List<Service> servers) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000),
                    new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1));
            return measure(system, http, base, token, devices, warmup, sequential, rates, seconds, servers);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().handle((v, t) -> v).get(60, TimeUnit.SECONDS);
        }
    }

    private static Result measure(String system, HttpClient http, URI base, String token, int devices, int warmup,
                                  int sequential, List<Integer> rates, int seconds, List<Service> servers) throws Exception {
        LOG.log(System.Logger.Level.INFO, "{0}: warming up for {1} s (not measured)", system, warmup);
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
        for (int done = 0; System.nanoTime() < warmUntil; done += 50) {
            List<Future<Integer>> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(send(http, base, token, "bench-m" + ((done + i) % devices)));
            }
            try {
                Future.join(batch).toCompletionStage().toCompletableFuture().handle((v, t) -> v).get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: a warm-up batch took over 60 s", system);
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0}: one command at a time", system);
        Histogram seq = ReportWriter.histogram();
        int seqErrors = 0;
        for (int i = 0; i < sequential; i++) {
            long start = System.nanoTime();
            int status = send(http, base, token, "bench-m" + (i % devices)).toCompletionStage().toCompletableFuture()
                    .handle((s, t) -> t == null ? s : -1).get(30, TimeUnit.SECONDS);
            seq.recordValue(System.nanoTime() - start);
            seqErrors += status == 200 ? 0 : 1;
        }
        List<OpenLoop> open = new ArrayList<>();
        for (int rate : rates) {
            LOG.log(System.Logger.Level.INFO, "{0}: open loop at {1}/s for {2} s", system, rate, seconds);
            open.add(openLoop(http, base, token, devices, rate, seconds, servers));
            Pause.millis(2000);
        }
        return new Result(system, seq, seqErrors, open);
    }

    private static OpenLoop openLoop(HttpClient http, URI base, String token, int devices, int rate, int seconds,
                                     List<Service> servers) throws Exception {
        int total = rate * seconds;
        Recorder recorder = new Recorder(3);
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(total);
        long cpu0 = servers.stream().mapToLong(s -> s.stats().cpuNanos()).sum();
        long t0 = System.nanoTime() + 50_000_000;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < total; i++) {
            long intended = t0 + i * interval;
            Pause.until(intended);
            send(http, base, token, "bench-m" + (i % devices)).onComplete(ar -> {
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
        double cpu = 100.0 * (servers.stream().mapToLong(s -> s.stats().cpuNanos()).sum() - cpu0) / (System.nanoTime() - t0);
        Map<String, Long> counted = new TreeMap<>();
        errors.forEach((k, v) -> counted.put(k, v.get()));
        return new OpenLoop(rate, total, recorder.getIntervalHistogram(), counted, cpu);
    }

    private static Future<Integer> send(HttpClient http, URI base, String token, String device) {
        return OnLoop.call(http, () -> http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost()).setPort(base.getPort())
                        .setURI("/api/devices/" + device + "/commands").setTimeout(30_000)
                        .addHeader("Authorization", "Bearer " + token).addHeader("Content-Type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(BODY)))
                .compose(resp -> resp.body().map(b -> resp.statusCode())));
    }

    private static void report(Lab lab, Histogram floor, List<Result> results, int devices, int seconds) {
        ReportWriter r = lab.report;
        r.heading(2, "2. Command round trip");
        r.para("`POST /api/devices/{id}/commands` answered with the machine's reply; " + devices + " simulated machines "
                + "that answer at once. The same load generator (Vert.x HTTP client, keep-alive) drives every system. "
                + "Switchboard crosses two Kafka hops (command, reply) and two processes; the spin-map baseline is one "
                + "process whose handler thread writes to the socket and polls a static map every 10 ms (it cannot run as "
                + "two replicas); Socket.IO answers from the acknowledgement callback of an emit (one process as well).");
        List<List<String>> rows = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        rows.add(concat("Kafka floor: one produce-to-consume hop", "sequential", ReportWriter.latency(floor), "", ""));
        csv.add(concatCsv("kafka-floor", "sequential", 0, floor, 0, Double.NaN));
        for (Result res : results) {
            rows.add(concat(res.system(), "one at a time", ReportWriter.latency(res.sequential()),
                    Integer.toString(res.sequentialErrors()), ""));
            csv.add(concatCsv(res.system(), "sequential", 0, res.sequential(), res.sequentialErrors(), Double.NaN));
            for (OpenLoop o : res.open()) {
                rows.add(concat(res.system(), "open loop " + o.rate() + "/s for " + seconds + " s", ReportWriter.latency(o.latency()),
                        o.failed() == 0 ? "0" : o.failed() + " (" + o.errors().entrySet().stream()
                                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")",
                        ReportWriter.num(o.serverCpuPercent(), 0)));
                csv.add(concatCsv(res.system(), "open", o.rate(), o.latency(), o.failed(), o.serverCpuPercent()));
            }
        }
        List<String> header = new ArrayList<>(List.of("system", "load"));
        header.addAll(ReportWriter.LATENCY_HEADER);
        header.addAll(List.of("errors", "server CPU % of a core"));
        r.table(header, rows);
        List<String> csvHeader = new ArrayList<>(List.of("system", "mode", "rate_per_s"));
        csvHeader.addAll(ReportWriter.LATENCY_CSV_HEADER);
        csvHeader.addAll(List.of("errors", "server_cpu_percent"));
        r.csv("command-round-trip", csvHeader, csv);

        Result sb = results.get(0);
        double added = sb.sequential().getValueAtPercentile(50) - 2 * floor.getValueAtPercentile(50);
        r.heading(3, "Headline ratios");
        r.bullet("Switchboard adds **" + ReportWriter.ms(added) + " ms** at p50 over two Kafka hops measured in the same run (2 x "
                + ReportWriter.ms(floor.getValueAtPercentile(50)) + " ms); target: under 1 ms.");
        for (OpenLoop o : sb.open()) {
            r.bullet("At " + o.rate() + "/s Switchboard's p99 is **" + ReportWriter.ms(o.latency().getValueAtPercentile(99))
                    + " ms** with " + o.failed() + " of " + o.sent() + " failed" + (o.rate() == 500 ? " (target: under 15 ms at 500/s)" : "") + ".");
        }
        for (Result other : results.subList(1, results.size())) {
            r.bullet(String.format("One at a time, p50: Switchboard %s ms, %s %s ms (ratio %s).",
                    ReportWriter.ms(sb.sequential().getValueAtPercentile(50)), other.system(),
                    ReportWriter.ms(other.sequential().getValueAtPercentile(50)),
                    ReportWriter.ratio((double) sb.sequential().getValueAtPercentile(50) / other.sequential().getValueAtPercentile(50))));
        }
        r.para("");
        Map<String, Histogram> seqSeries = new LinkedHashMap<>();
        seqSeries.put("Kafka floor (one hop)", floor);
        results.forEach(x -> seqSeries.put(x.system(), x.sequential()));
        Plots.latencyPercentiles(r.file("commands-sequential.png"), "Command round trip, one at a time", seqSeries);
        r.image("commands-sequential.png", "command latency by percentile, one at a time");
        int top = sb.open().get(sb.open().size() - 1).rate();
        for (int rate : sb.open().stream().map(OpenLoop::rate).toList()) {
            if (rate != top && rate != 500) {
                continue;
            }
            Map<String, Histogram> openSeries = new LinkedHashMap<>();
            for (Result x : results) {
                x.open().stream().filter(o -> o.rate() == rate).findFirst().ifPresent(o -> openSeries.put(x.system(), o.latency()));
            }
            String png = "commands-open-" + rate + ".png";
            Plots.latencyPercentiles(r.file(png), "Command round trip, open loop " + rate + "/s (from intended start)", openSeries);
            r.image(png, "command latency by percentile at " + rate + "/s");
        }
        r.flush();
    }

    private static List<String> concat(String system, String load, List<String> latency, String errors, String cpu) {
        List<String> row = new ArrayList<>(List.of(system, load));
        row.addAll(latency);
        row.add(errors);
        row.add(cpu);
        return row;
    }

    private static List<?> concatCsv(String system, String mode, int rate, Histogram h, long errors, double cpu) {
        List<Object> row = new ArrayList<>(List.of(system, mode, rate));
        row.addAll(ReportWriter.latencyCsv(h));
        row.add(errors);
        row.add(cpu);
        return row;
    }
}
