package io.switchboard.bench;

import io.switchboard.bench.Commands.OpenLoop;
import io.switchboard.bench.Commands.WarmUp;
import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.Service;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Scenario 6, cost per command by number of replicas (issue 13, target 3): for 1, 2 and 4 device-gateways (and 2
 * command-services at 2 gateways), the same machines spread evenly over the gateways, the same open-loop rate
 * through command-service's HTTP API ({@link CommandDriver}); per setup, the Kafka records the gateways read from
 * {@code device.commands} per command, their CPU per command, command-service's, and the records command-services
 * read from {@code device.replies} per command ({@link Counters}). Flat in replicas means those stay put as the
 * replicas grow. Every setup starts fresh processes and is warmed up first. {@link GatewaysReport} writes the section.
 */
final class Gateways {
    private static final System.Logger LOG = System.getLogger(Gateways.class.getName());
    /**
     * How long Micrometer may take to bind a per-topic series (its refresh runs every 60 s from the start); the
     * warm-up goes on until then.
     */
    private static final Duration SERIES_WAIT = Duration.ofSeconds(90);

    /**
     * A number of gateways and of command-services, at the load's rate divided by {@code rateDivisor}: the control
     * setup (one gateway at a quarter of the rate) is what each gateway of G=4 gets, so it separates what four
     * gateways cost from what a lower rate per JVM costs (CPU per command falls with the rate, section 2).
     */
    record Setup(int gateways, int commandServices, int rateDivisor) {
        Setup(int gateways, int commandServices) {
            this(gateways, commandServices, 1);
        }

        String label() {
            return "G=" + gateways + (commandServices == 1 ? "" : ", C=" + commandServices)
                    + (rateDivisor == 1 ? "" : " at 1/" + rateDivisor + " rate");
        }
    }

    /**
     * The machines; the setups; the warm-up (as {@link CommandDriver#warmUp}); the idle window of {@code idleSeconds}
     * (CPU at rest); the open loop of {@code rate} commands a second for {@code seconds}.
     */
    record Load(int devices, List<Setup> setups, int warmupSeconds, int warmupMaxSeconds, int warmupWindow, int idleSeconds,
                int rate, int seconds) {
        static Load of(boolean quick) {
            if (quick) { // every code path (two gateways, two command-services), not every figure: CI runs it
                return new Load(40, List.of(new Setup(1, 1), new Setup(2, 1), new Setup(2, 2)), 10, 20, 5, 3, 100, 5);
            }
            return new Load(200, List.of(new Setup(1, 1), new Setup(2, 1), new Setup(4, 1), new Setup(1, 1, 4), new Setup(2, 2)),
                    30, 150, 10, 10, 300, 30);
        }
    }

    /** One setup's figures: warm-up per command-service, the idle window, the open loop and its window. */
    record Run(Setup setup, List<WarmUp> warmUps, Counters idle, int sent, Histogram latency, Map<String, Long> errors,
               Counters window, double loadAverage, List<String> notes) {
        long failed() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        double commandRecordsPerCommand() {
            return (double) Counters.total(window.commandRecords()) / sent;
        }

        double replyRecordsPerCommand() {
            return (double) Counters.total(window.replyRecords()) / sent;
        }

        double gatewayCpuMsPerCommand() {
            return Counters.total(window.gatewayCpu()) / 1e6 / sent;
        }

        double commandCpuMsPerCommand() {
            return Counters.total(window.commandCpu()) / 1e6 / sent;
        }

        /** The gateways' CPU at rest, ms per second, all gateways together. */
        double gatewayIdleCpuMsPerSecond() {
            return Counters.total(idle.gatewayCpu()) / 1e6 / idle.seconds();
        }

        /** The gateways' CPU per command less what they spend at rest over as long a time. */
        double gatewayCpuMsPerCommandNetOfIdle() {
            return (Counters.total(window.gatewayCpu()) / 1e6 - gatewayIdleCpuMsPerSecond() * window.seconds()) / sent;
        }

        double redisCommandsPerCommand() {
            return (double) window.redisCommands() / sent;
        }
    }

    record Result(Load load, List<Run> runs) {
    }

    private Gateways() {
    }

    static Result measure(Lab lab) throws Exception {
        Load load = Load.of(lab.quick);
        String operator = lab.token("bench-operator", List.of("operator"), Map.of());
        List<Run> runs = new ArrayList<>();
        for (Setup setup : load.setups()) {
            LOG.log(System.Logger.Level.INFO, "{0}: starting {1} gateway(s), {2} command-service(s)", setup.label(),
                    setup.gateways(), setup.commandServices());
            runs.add(run(lab, setup, load, operator));
            Pause.millis(2000);
        }
        return new Result(load, runs);
    }

    private static Run run(Lab lab, Setup setup, Load load, String operator) throws Exception {
        List<Service> gateways = new ArrayList<>();
        List<Service> commands = new ArrayList<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        ExecutorService pacers = Executors.newFixedThreadPool(setup.commandServices());
        try (RedisInfo redis = new RedisInfo(Lab.REDIS_PORT)) {
            for (int c = 0; c < setup.commandServices(); c++) {
                commands.add(lab.replica("command-service", c));
            }
            for (int g = 0; g < setup.gateways(); g++) {
                gateways.add(lab.replica("device-gateway", g));
            }
            long deadline = System.nanoTime() + SERIES_WAIT.toNanos();
            try (Fleet fleet = Fleet.connect(lab, gateways, load.devices())) {
                Presence.await(commands.get(0).base(), operator, load.devices(), gateways.size(), Duration.ofSeconds(60));
                HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000),
                        new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1));
                Rig rig = new Rig(setup, gateways, commands, commands.stream()
                        .map(c -> new CommandDriver(vertx, http, c.base(), operator, load.devices())).toList(), pacers, redis);
                List<WarmUp> warm = rig.warmUp(load, deadline);
                List<String> notes = missingSeries(gateways, commands);
                notes.forEach(n -> LOG.log(System.Logger.Level.WARNING, n));
                Pause.millis(2000);
                Counters idle0 = rig.read(true);
                Pause.millis(load.idleSeconds() * 1000L);
                Counters idle = rig.read(false).minus(idle0);
                return rig.openLoop(load, warm, idle, notes);
            }
        } finally {
            pacers.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().handle((v, t) -> v).get(60, TimeUnit.SECONDS);
            List<Service> all = new ArrayList<>(gateways);
            all.addAll(commands);
            closeAll(all);
        }
    }

    /** One setup's running processes, a load driver per command-service and a pacing thread for each. */
    private record Rig(Setup setup, List<Service> gateways, List<Service> commands, List<CommandDriver> drivers,
                       ExecutorService pacers, RedisInfo redis) {
        Counters read(boolean atStart) {
            return Counters.read(gateways, commands, redis, atStart);
        }

        /**
         * Warms up through every command-service at once, as {@link CommandDriver#warmUp}, then a window more at a time
         * until every process shows its per-topic series (at most until {@code deadline}).
         */
        List<WarmUp> warmUp(Load load, long deadline) throws Exception {
            List<Service> all = new ArrayList<>(gateways);
            all.addAll(commands);
            LOG.log(System.Logger.Level.INFO, "{0}: warming up, {1} to {2} s (not measured)", setup.label(),
                    load.warmupSeconds(), load.warmupMaxSeconds());
            List<WarmUp> warm = parallel(pacers, drivers.stream().<Callable<WarmUp>>map(d ->
                    () -> d.warmUp(load.warmupSeconds(), load.warmupMaxSeconds(), load.warmupWindow(), all)).toList());
            int w = load.warmupWindow();
            while (!missingSeries(gateways, commands).isEmpty() && System.nanoTime() < deadline) {
                LOG.log(System.Logger.Level.INFO, "{0}: one more warm-up window, the per-topic series are not bound yet", setup.label());
                warm = longer(warm, parallel(pacers, drivers.stream().<Callable<WarmUp>>map(d -> () -> d.warmUp(w, w, w, all)).toList()));
            }
            return warm;
        }

        /** The measured window: {@code load.rate()} a second split evenly over the command-services, each from its own thread. */
        Run openLoop(Load load, List<WarmUp> warm, Counters idle, List<String> notes) throws Exception {
            int rate = load.rate() / setup.rateDivisor();
            LOG.log(System.Logger.Level.INFO, "{0}: open loop at {1}/s for {2} s", setup.label(), rate, load.seconds());
            int share = rate / drivers.size();
            Counters start = read(true);
            List<OpenLoop> open = parallel(pacers, drivers.stream().<Callable<OpenLoop>>map(d ->
                    () -> d.openLoop(share, load.seconds(), List.of())).toList());
            Counters window = read(false).minus(start);
            Histogram latency = Histograms.latency();
            Map<String, Long> errors = new TreeMap<>();
            int sent = 0;
            for (OpenLoop o : open) {
                latency.add(o.latency());
                o.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
                sent += o.sent();
            }
            return new Run(setup, warm, idle, sent, latency, errors, window, loadAverage(), notes);
        }
    }

    /** A note for each process whose page shows no per-topic series yet (its records would count as none). */
    private static List<String> missingSeries(List<Service> gateways, List<Service> commands) {
        List<String> notes = new ArrayList<>();
        for (Service s : gateways) {
            if (!Counters.hasSeries(MetricsPage.read(s.base()), Counters.COMMAND_TOPICS)) {
                notes.add(s.name() + " showed no per-topic series for device.commands (counted as 0 records read)");
            }
        }
        for (Service s : commands) {
            if (!Counters.hasSeries(MetricsPage.read(s.base()), Counters.REPLY_TOPIC)) {
                notes.add(s.name() + " showed no per-topic series for device.replies (counted as 0 records read)");
            }
        }
        return notes;
    }

    /** Each warm-up followed by one more of the same driver: both durations, the windows of both, settled as the last. */
    private static List<WarmUp> longer(List<WarmUp> first, List<WarmUp> more) {
        List<WarmUp> out = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            List<Double> windows = new ArrayList<>(first.get(i).cpuMsPerCommand());
            windows.addAll(more.get(i).cpuMsPerCommand());
            out.add(new WarmUp(first.get(i).seconds() + more.get(i).seconds(), CommandDriver.settled(windows), windows));
        }
        return out;
    }

    /**
     * The machine's load average over the last minute ({@code /proc/loadavg}), read at the end of the window: others'
     * work on the same cores shows in the latency, less in the CPU per command; NaN if unreadable.
     */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Stops every process at once (each takes a few seconds to shut down). */
    private static void closeAll(List<Service> services) throws InterruptedException {
        List<Thread> threads = services.stream().map(s -> new Thread(s::close, "close-" + s.name())).toList();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }

    /** Runs each task on its own thread of {@code pool} and answers their results in order. */
    private static <T> List<T> parallel(ExecutorService pool, List<Callable<T>> tasks) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(pool.submit(t));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        return results;
    }
}
