package io.switchboard.bench;

import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.ProcStats;
import io.switchboard.bench.proc.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scenario 5, start-up: each service is started as Kubernetes starts a new replica (its packaged jar, the bench
 * Kafka and Redis up) and timed from the process' start to its first 200 on {@code /q/health/ready}; after a
 * settling window its RSS, threads and heap after a full collection are read from {@code /proc} and {@code jcmd}.
 * Each service runs plain and with the AppCDS archive Quarkus builds beside the jar
 * ({@code quarkus.package.jar.appcds.enabled}, {@code -XX:SharedArchiveFile=app-cds.jsa -Xshare:on}, so a stale or
 * mismatched archive fails the run instead of being silently ignored), alternating, several times; the report
 * gives the medians. {@link StartUpReport} writes the section.
 */
final class StartUp {
    private static final System.Logger LOG = System.getLogger(StartUp.class.getName());
    static final List<String> SERVICES = List.of("device-gateway", "command-service", "auth-callback-service", "notify-service");

    /** Starts per service and variant, and the settling window in seconds before reading memory. */
    record Load(int repeats, int settleSeconds) {
        static Load of(boolean quick) {
            return quick ? new Load(1, 3) : new Load(3, 8);
        }
    }

    /** One start of one service. */
    record Start(String service, String variant, long readyNanos, long rss, long threads, long heap) {
    }

    record Result(Load load, List<Start> starts) {
        /** The start with the median time to ready of {@code service} in {@code variant}; its memory is that start's. */
        Start median(String service, String variant) {
            List<Start> s = starts.stream().filter(x -> x.service().equals(service) && x.variant().equals(variant))
                    .sorted(Comparator.comparingLong(Start::readyNanos)).toList();
            return s.isEmpty() ? null : s.get(s.size() / 2);
        }
    }

    static final String PLAIN = "plain JVM";
    static final String APPCDS = "AppCDS";

    private StartUp() {
    }

    static Result measure(Lab lab) {
        Load load = Load.of(lab.quick);
        List<Start> starts = new ArrayList<>();
        for (int r = 0; r < load.repeats(); r++) {
            for (String module : SERVICES) {
                starts.add(once(lab, module, PLAIN, List.of(), load));
                Path archive = lab.appDir(module).resolve("app-cds.jsa");
                if (Files.isRegularFile(archive)) {
                    starts.add(once(lab, module, APPCDS, List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"), load));
                } else {
                    LOG.log(System.Logger.Level.WARNING, "{0}: no {1}; AppCDS not measured", module, archive);
                }
            }
        }
        return new Result(load, starts);
    }

    private static Start once(Lab lab, String module, String variant, List<String> jvm, Load load) {
        long t0 = System.nanoTime();
        try (Service s = lab.service(module, jvm)) {
            long ready = System.nanoTime() - t0;
            Pause.millis(load.settleSeconds() * 1000L);
            ProcStats p = s.stats();
            Start start = new Start(module, variant, ready, p.rssBytes(), p.threads(), p.heapAfterGcBytes());
            LOG.log(System.Logger.Level.INFO, "{0} ({1}): ready in {2} ms, RSS {3} MiB", module, variant, ready / 1_000_000,
                    start.rss() >> 20);
            return start;
        }
    }
}
