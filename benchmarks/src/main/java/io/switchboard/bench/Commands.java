package io.switchboard.bench;

import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.Service;
import io.switchboard.bench.sio.SocketIoClient;
import io.switchboard.sim.DeviceSimulator;
import io.switchboard.sim.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Scenario 2, command round trip: {@code POST /api/devices/{id}/commands} answered with the machine's
 * reply, measured on Switchboard (HTTP -> command-service -> Kafka -> device-gateway -> machine -> Kafka ->
 * HTTP), on the spin-map baseline (one process, static maps, a handler thread polling for the answer) and on
 * Socket.IO (an emit with acknowledgement), by the same load generator ({@link CommandDriver}). One command
 * at a time first, then open loop at fixed arrival rates, each latency measured from the request's intended
 * start so that a stall is not hidden (coordinated omission). The Kafka floor (one produce-to-consume hop)
 * is measured in the same run. {@link CommandsReport} writes the section.
 */
final class Commands {
    private static final System.Logger LOG = System.getLogger(Commands.class.getName());

    /** The p99 a rate must stay under to count as sustained. */
    static final double SUSTAINED_P99_MS = 50;

    /**
     * The machines; the warm-up (at least {@code warmupSeconds}, then until the CPU per command settles, at most
     * {@code warmupMaxSeconds}, in windows of {@code warmupWindow} s); the sequential commands; the open-loop
     * rates, each run for {@code seconds}, always measured; then the {@code ladder} rates, each run only while the
     * rate before it was sustained (p99 under {@link #SUSTAINED_P99_MS} ms, nothing failed), to find the highest.
     */
    record Load(int devices, int warmupSeconds, int warmupMaxSeconds, int warmupWindow, int sequential,
                List<Integer> rates, List<Integer> ladder, int seconds) {
        static Load of(boolean quick) {
            return quick ? new Load(5, 10, 20, 5, 300, List.of(100), List.of(), 5)
                    : new Load(20, 30, 180, 10, 2000, List.of(100, 250, 500, 1000), List.of(1500, 2000, 3000, 4000), 20);
        }
    }

    /** The warm-up: how long it ran, whether the CPU per command settled, and that figure per window. */
    record WarmUp(double seconds, boolean settled, List<Double> cpuMsPerCommand) {
    }

    /** One system's figures. */
    record Run(String system, WarmUp warmUp, Histogram sequential, int sequentialErrors, List<OpenLoop> open) {
        /** The highest rate measured whose p99 stayed under {@link #SUSTAINED_P99_MS} ms with nothing failed; 0 if none. */
        int highestSustained() {
            return open.stream().filter(OpenLoop::sustained).mapToInt(OpenLoop::rate).max().orElse(0);
        }
    }

    /** One fixed-rate run. */
    record OpenLoop(int rate, int sent, Histogram latency, Map<String, Long> errors, double serverCpuPercent,
                    double serverCpuMsPerCommand) {
        long failed() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        boolean sustained() {
            return failed() == 0 && latency.getValueAtPercentile(99) / 1e6 < SUSTAINED_P99_MS;
        }
    }

    /** The figures: the Kafka floor, then each system in the order measured (Switchboard first). */
    record Result(Load load, Histogram kafkaFloor, List<Run> runs) {
    }

    /** A system under test: its name, where commands are posted, and the processes whose CPU is counted. */
    record Target(String system, URI base, List<Service> servers) {
    }

    private Commands() {
    }

    static Result measure(Lab lab) throws Exception {
        Load load = Load.of(lab.quick);
        String operator = lab.token("bench-operator", List.of("operator"), Map.of());

        LOG.log(System.Logger.Level.INFO, "measuring the Kafka floor");
        Histogram floor = KafkaFloor.measure(Lab.KAFKA, load.sequential());

        List<Run> runs = new ArrayList<>();
        // Switchboard: two services, machines on the gateway
        try (Service gw = lab.gateway(); Service cmd = lab.commandService();
             DeviceSimulator sim = machines(lab, gw.ws("/devices/ws"), load.devices())) {
            runs.add(run(new Target("Switchboard", cmd.base(), List.of(gw, cmd)), operator, load));
        }
        try (Service spin = lab.spinMap();
             DeviceSimulator sim = machines(lab, spin.ws("/devices/ws"), load.devices())) {
            runs.add(run(new Target("spin-map baseline", spin.base(), List.of(spin)), operator, load));
        }
        Vertx machinesVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (Service sio = lab.socketIo()) {
            socketIoMachines(lab, machinesVertx, sio, load.devices());
            runs.add(run(new Target("Socket.IO (emit with ack)", sio.base(), List.of(sio)), operator, load));
        } finally {
            machinesVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return new Result(load, floor, runs);
    }

    private static OpenLoop openLoop(CommandDriver driver, String system, int rate, Load load, Target target) throws Exception {
        LOG.log(System.Logger.Level.INFO, "{0}: open loop at {1}/s for {2} s", system, rate, load.seconds());
        OpenLoop o = driver.openLoop(rate, load.seconds(), target.servers());
        Pause.millis(2000);
        return o;
    }

    static DeviceSimulator machines(Lab lab, URI uri, int devices) throws InterruptedException {
        SimulatorConfig config = new SimulatorConfig(uri, id -> lab.token(id, List.of("device"), Map.of()), 0, 0.0, 200, 5000);
        DeviceSimulator sim = new DeviceSimulator(config);
        for (int i = 0; i < devices; i++) {
            sim.startAndAwait(CommandDriver.device(i), config, Duration.ofSeconds(20));
        }
        return sim;
    }

    /** Socket.IO machines: each answers a command from the acknowledgement callback of the emit. */
    private static void socketIoMachines(Lab lab, Vertx vertx, Service sio, int devices) throws Exception {
        WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1000));
        for (int i = 0; i < devices; i++) {
            String id = CommandDriver.device(i);
            for (int attempt = 1; ; attempt++) { // a machine tries again when its handshake gets no answer
                try {
                    SocketIoClient.connect(vertx, ws, new WebSocketConnectOptions().setAbsoluteURI(sio.ws(SocketIoClient.PATH).toString()),
                                    lab.token(id, List.of("device"), Map.of()))
                            .map(c -> c.onAckRequest((event, payload) -> "{\"ok\":true,\"method\":\"dispense\",\"deviceId\":\"" + id + "\"}"))
                            .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                    break;
                } catch (TimeoutException e) {
                    LOG.log(System.Logger.Level.WARNING, "Socket.IO machine {0}: no CONNECT answer in 5 s (attempt {1})", id, attempt);
                    if (attempt == 5) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Measures one system with a load generator of its own (Vert.x and HTTP client, closed afterwards), so
     * that requests still queued by a saturated run cannot slow the next system.
     */
    static Run run(Target target, String token, Load load) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000),
                    new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1));
            CommandDriver driver = new CommandDriver(vertx, http, target.base(), token, load.devices());
            String system = target.system();
            LOG.log(System.Logger.Level.INFO, "{0}: warming up, {1} to {2} s (not measured)", system, load.warmupSeconds(), load.warmupMaxSeconds());
            WarmUp warm = driver.warmUp(load.warmupSeconds(), load.warmupMaxSeconds(), load.warmupWindow(), target.servers());
            LOG.log(System.Logger.Level.INFO, "{0}: one command at a time", system);
            Histogram seq = Histograms.latency();
            int seqErrors = driver.sequential(load.sequential(), seq);
            List<OpenLoop> open = new ArrayList<>();
            for (int rate : load.rates()) {
                open.add(openLoop(driver, system, rate, load, target));
            }
            for (int rate : load.ladder()) {
                if (!open.get(open.size() - 1).sustained()) {
                    break;
                }
                open.add(openLoop(driver, system, rate, load, target));
            }
            return new Run(system, warm, seq, seqErrors, open);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().handle((v, t) -> v).get(60, TimeUnit.SECONDS);
        }
    }
}
