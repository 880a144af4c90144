package io.switchboard.bench;

import io.switchboard.bench.FanOut.Phase;
import io.switchboard.bench.FanOut.Result;
import io.switchboard.bench.FanOut.Run;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ReportWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Section 3 of the report: {@link FanOut}'s figures as a table, CSV, the headline ratios and a latency plot. */
final class FanOutReport {
    private FanOutReport() {
    }

    static void write(ReportWriter r, Result result) {
        List<Run> runs = result.runs();
        r.heading(2, "3. Notification fan-out");
        r.para("Browser sockets subscribed to one shop channel; events posted to `POST /api/events`, each delivery timed "
                + "from just before the POST to the frame read by the load generator (which shares the machine). Single events "
                + "are posted one a second; the steady rate aims at 20,000 deliveries a second. Deliveries per CPU-second divide "
                + "the deliveries by the server process' user+system time in that phase; the kernel's share of that time (system, "
                + "from /proc) is where each socket write's TCP work is paid, on loopback the receiver's too. Switchboard's path is "
                + "HTTP -> Kafka `notify.events` -> notify-service -> Redis (history, pub/sub to every replica) -> sockets; "
                + "Socket.IO's is HTTP -> `io.to(channel).emit` in one process.");
        List<List<String>> rows = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        for (Run run : runs) {
            for (var p : List.of(Map.entry("single events", run.single()), Map.entry("steady " + run.steadyRate() + " events/s", run.steady()))) {
                Phase ph = p.getValue();
                rows.add(List.of(run.system(), ReportWriter.num(run.subscribed(), 0), p.getKey(),
                        ReportWriter.ms(ph.toLast().getValueAtPercentile(50)), ReportWriter.ms(ph.toLast().getValueAtPercentile(99)),
                        ReportWriter.ms(ph.delivery().getValueAtPercentile(50)), ReportWriter.ms(ph.delivery().getValueAtPercentile(99)),
                        ReportWriter.num(ph.deliveriesPerSecond(), 0), ReportWriter.num(ph.deliveriesPerCpuSecond(), 0),
                        ReportWriter.num(ph.cpuMicrosPerDelivery(), 1), ReportWriter.num(ph.systemShare() * 100, 0) + "%",
                        Long.toString(ph.expected() - ph.received())));
                csv.add(List.of(run.system(), run.sockets(), run.subscribed(), p.getKey(), ph.expected(), ph.received(),
                        ph.toLast().getValueAtPercentile(50) / 1e6, ph.toLast().getValueAtPercentile(99) / 1e6,
                        ph.delivery().getValueAtPercentile(50) / 1e6, ph.delivery().getValueAtPercentile(99) / 1e6,
                        ph.delivery().getValueAtPercentile(99.9) / 1e6, ph.deliveriesPerSecond(), ph.serverCpuSeconds(),
                        ph.deliveriesPerCpuSecond(), ph.serverSystemSeconds()));
            }
        }
        r.table(List.of("server", "sockets", "load", "to last socket p50 ms", "to last p99 ms", "delivery p50 ms",
                "delivery p99 ms", "deliveries/s", "deliveries per server CPU-second", "server CPU µs per delivery",
                "of it in the kernel", "lost"), rows);
        r.csv("fan-out", List.of("server", "sockets", "subscribed", "phase", "expected", "received", "to_last_p50_ms",
                "to_last_p99_ms", "delivery_p50_ms", "delivery_p99_ms", "delivery_p99_9_ms", "deliveries_per_s",
                "server_cpu_s", "deliveries_per_cpu_s", "server_system_cpu_s"), csv);
        warmUps(r, runs);
        threads(r, runs);
        headlines(r, runs);
        Map<String, Histogram> series = new LinkedHashMap<>();
        runs.forEach(x -> series.put(x.system() + ", " + ReportWriter.num(x.sockets(), 0) + " sockets", x.single().delivery()));
        Plots.latencyPercentiles(r.file("fan-out-delivery.png"), "Fan-out: one delivery, single events", series);
        r.image("fan-out-delivery.png", "fan-out delivery latency by percentile");
        r.flush();
    }

    /** How long each system warmed up at each count, and its CPU per delivery window by window. */
    private static void warmUps(ReportWriter r, List<Run> runs) {
        r.para("Before the measured phases, each system ran the steady rate at each count until its CPU per delivery "
                + "settled (the last three windows of 5 s within 5% of their mean, and a JVM's JIT compiler threads under 5% of "
                + "its CPU in the last two; at least 15 s, at most 150 s; quick mode 5 to 15 s):");
        List<List<String>> rows = new ArrayList<>();
        for (Run run : runs) {
            rows.add(List.of(run.system(), ReportWriter.num(run.subscribed(), 0), ReportWriter.num(run.warmUp().seconds(), 0) + " s",
                    run.warmUp().settled() ? "yes" : "no (stopped at the limit)",
                    run.warmUp().cpuMicrosPerDelivery().stream().map(v -> String.format("%.1f", v)).reduce((a, b) -> a + ", " + b).orElse("-")));
        }
        r.table(List.of("server", "sockets", "warm-up", "settled", "server CPU µs per delivery, window by window"), rows);
    }

    /** Where each server's CPU went in the steady phase, by kind of thread (from /proc/<pid>/task). */
    private static void threads(ReportWriter r, List<Run> runs) {
        r.para("Server CPU in the steady phase by kind of thread (`/proc/<pid>/task/*/stat`, digits of the thread name dropped; "
                + "the five largest, each as a share of the process' CPU in that phase):");
        List<List<String>> rows = new ArrayList<>();
        for (Run run : runs) {
            Phase ph = run.steady();
            double total = ph.cpuSecondsByThreadKind().values().stream().mapToDouble(Double::doubleValue).sum();
            String top = ph.cpuSecondsByThreadKind().entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(5)
                    .map(e -> "`" + e.getKey() + "` " + ReportWriter.num(total == 0 ? 0 : e.getValue() * 100 / total, 0) + "%")
                    .reduce((a, b) -> a + ", " + b).orElse("-");
            rows.add(List.of(run.system(), ReportWriter.num(run.subscribed(), 0), top));
        }
        r.table(List.of("server", "sockets", "CPU by thread kind, steady phase"), rows);
    }

    private static void headlines(ReportWriter r, List<Run> runs) {
        r.heading(3, "Headline ratios");
        for (Run sb : runs.stream().filter(x -> x.system().equals("Switchboard")).toList()) {
            runs.stream().filter(x -> x.system().equals("Socket.IO") && x.sockets() == sb.sockets()).findFirst().ifPresent(other -> {
                r.bullet(String.format("%,d sockets, one event: last delivery p50 %s ms (Socket.IO %s ms), target: within 50 ms.",
                        sb.sockets(), ReportWriter.ms(sb.single().toLast().getValueAtPercentile(50)),
                        ReportWriter.ms(other.single().toLast().getValueAtPercentile(50))));
                r.bullet(String.format("%,d sockets, steady: %s deliveries per server CPU-second vs Socket.IO's %s: **%s** (target: 2x or more).",
                        sb.sockets(), ReportWriter.num(sb.steady().deliveriesPerCpuSecond(), 0),
                        ReportWriter.num(other.steady().deliveriesPerCpuSecond(), 0),
                        ReportWriter.ratio(sb.steady().deliveriesPerCpuSecond() / other.steady().deliveriesPerCpuSecond())));
                runs.stream().filter(x -> x.system().equals(FanOut.FLOOR) && x.sockets() == sb.sockets()).findFirst().ifPresent(floor ->
                        r.bullet(String.format("%,d sockets, steady, the JVM floor (plain Vert.x, one prebuilt frame, no store, no broker): "
                                        + "%s deliveries per server CPU-second, **%s** Socket.IO's (%.1f µs per delivery, %s in the kernel); "
                                        + "Switchboard is at %s of it.", sb.sockets(), ReportWriter.num(floor.steady().deliveriesPerCpuSecond(), 0),
                                ReportWriter.ratio(floor.steady().deliveriesPerCpuSecond() / other.steady().deliveriesPerCpuSecond()),
                                floor.steady().cpuMicrosPerDelivery(), ReportWriter.num(floor.steady().systemShare() * 100, 0) + "%",
                                ReportWriter.ratio(sb.steady().deliveriesPerCpuSecond() / floor.steady().deliveriesPerCpuSecond()))));
            });
        }
        r.para("");
    }
}
