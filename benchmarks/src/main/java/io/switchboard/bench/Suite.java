package io.switchboard.bench;

import io.switchboard.bench.report.ReportWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark suite: runs the scenarios against this platform and its alternatives on this machine and
 * writes {@code report.md}, the PNG plots and the raw CSV into the output folder. Started by
 * {@code scripts/bench.sh}, which builds the jars and starts the bench Kafka and Redis first.
 *
 * <pre>java -cp benchmarks-all.jar io.switchboard.bench.Suite [--quick] [--out docs/benchmarks]
 *   [--only idle,commands,fanout,replicas-fanout,qr,startup,gateways,tracing] [--root .]</pre>
 */
public final class Suite {
    private static final System.Logger LOG = System.getLogger(Suite.class.getName());

    /** A scenario: measures (its {@code measure(Lab)}), then writes its section (its report class). */
    private interface Scenario {
        void run(Lab lab) throws Exception;
    }

    private Suite() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean quick = a.contains("--quick");
        Path root = Path.of(option(a, "--root", ".")).toAbsolutePath().normalize();
        Path out = root.resolve(option(a, "--out", quick ? ".run/bench/quick" : "docs/benchmarks"));
        Map<String, Scenario> all = new LinkedHashMap<>();
        all.put("idle", lab -> IdleConnectionsReport.write(lab.report, IdleConnections.measure(lab)));
        all.put("commands", lab -> CommandsReport.write(lab.report, Commands.measure(lab)));
        all.put("fanout", lab -> FanOutReport.write(lab.report, FanOut.measure(lab)));
        all.put("replicas-fanout", lab -> ReplicasReport.write(lab.report, Replicas.measure(lab)));
        all.put("qr", lab -> QrWaitersReport.write(lab.report, QrWaiters.measure(lab)));
        all.put("startup", lab -> StartUpReport.write(lab.report, StartUp.measure(lab)));
        all.put("gateways", lab -> GatewaysReport.write(lab.report, Gateways.measure(lab)));
        all.put("tracing", lab -> TracingOverheadReport.write(lab.report, TracingOverhead.measure(lab)));
        List<String> only = Arrays.asList(option(a, "--only", String.join(",", all.keySet())).split(","));
        for (String name : only) {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException("unknown scenario " + name + "; known: " + all.keySet());
            }
        }

        ReportWriter report = new ReportWriter(out);
        Lab lab = new Lab(root, quick, report);
        report.heading(1, "Switchboard benchmarks" + (quick ? " (quick mode: small counts, short runs)" : ""));
        report.para("Run " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " at commit `"
                + Lab.command("git", "-C", root.toString(), "rev-parse", "--short", "HEAD") + "` on " + lab.machine()
                + ". The load generator, Kafka, Redis and the server under test share this machine. Every JVM under test "
                + "runs with `" + String.join(" ", Lab.JVM) + "`. Reproduce with `scripts/bench.sh" + (quick ? " --quick" : "")
                + "`; raw figures are in the CSV files beside this report."
                + ("1".equals(System.getenv("BENCH_OTEL")) ? " Tracing on (`BENCH_OTEL=1`): every span of the services is "
                        + "sampled and exported by OTLP/HTTP to a sink in the load generator's JVM." : ""));
        report.flush();
        long t0 = System.nanoTime();
        List<String> failed = new java.util.ArrayList<>();
        for (String name : only) {
            LOG.log(System.Logger.Level.INFO, "=== scenario {0}", name);
            long s0 = System.nanoTime();
            try {
                all.get(name).run(lab);
            } catch (Exception | AssertionError e) { // report it, run the others, fail the run at the end
                LOG.log(System.Logger.Level.ERROR, "scenario " + name + " failed", e);
                failed.add(name);
                report.heading(2, "Scenario " + name + " failed").para("`" + e + "`; see the run's log.");
                report.flush();
            }
            LOG.log(System.Logger.Level.INFO, "=== scenario {0} took {1} s", name, (System.nanoTime() - s0) / 1_000_000_000);
        }
        report.para("_Whole run: " + (System.nanoTime() - t0) / 1_000_000_000 + " s._");
        report.flush();
        LOG.log(System.Logger.Level.INFO, "report written to {0}", out.resolve("report.md"));
        if (!failed.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "failed scenarios: {0}", failed);
        }
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
