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
                + "the deliveries by the server process' user+system time in that phase. Switchboard's path is "
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
                        Long.toString(ph.expected() - ph.received())));
                csv.add(List.of(run.system(), run.sockets(), run.subscribed(), p.getKey(), ph.expected(), ph.received(),
                        ph.toLast().getValueAtPercentile(50) / 1e6, ph.toLast().getValueAtPercentile(99) / 1e6,
                        ph.delivery().getValueAtPercentile(50) / 1e6, ph.delivery().getValueAtPercentile(99) / 1e6,
                        ph.delivery().getValueAtPercentile(99.9) / 1e6, ph.deliveriesPerSecond(), ph.serverCpuSeconds(),
                        ph.deliveriesPerCpuSecond()));
            }
        }
        r.table(List.of("server", "sockets", "load", "to last socket p50 ms", "to last p99 ms", "delivery p50 ms",
                "delivery p99 ms", "deliveries/s", "deliveries per server CPU-second", "lost"), rows);
        r.csv("fan-out", List.of("server", "sockets", "subscribed", "phase", "expected", "received", "to_last_p50_ms",
                "to_last_p99_ms", "delivery_p50_ms", "delivery_p99_ms", "delivery_p99_9_ms", "deliveries_per_s",
                "server_cpu_s", "deliveries_per_cpu_s"), csv);
        headlines(r, runs);
        Map<String, Histogram> series = new LinkedHashMap<>();
        runs.forEach(x -> series.put(x.system() + ", " + ReportWriter.num(x.sockets(), 0) + " sockets", x.single().delivery()));
        Plots.latencyPercentiles(r.file("fan-out-delivery.png"), "Fan-out: one delivery, single events", series);
        r.image("fan-out-delivery.png", "fan-out delivery latency by percentile");
        r.flush();
    }

    private static void headlines(ReportWriter r, List<Run> runs) {
        r.heading(3, "Headline ratios");
        for (Run sb : runs.stream().filter(x -> x.system().equals("Switchboard")).toList()) {
            runs.stream().filter(x -> !x.system().equals("Switchboard") && x.sockets() == sb.sockets()).findFirst().ifPresent(other -> {
                r.bullet(String.format("%,d sockets, one event: last delivery p50 %s ms (Socket.IO %s ms), target: within 50 ms.",
                        sb.sockets(), ReportWriter.ms(sb.single().toLast().getValueAtPercentile(50)),
                        ReportWriter.ms(other.single().toLast().getValueAtPercentile(50))));
                r.bullet(String.format("%,d sockets, steady: %s deliveries per server CPU-second vs Socket.IO's %s: **%s** (target: 2x or more).",
                        sb.sockets(), ReportWriter.num(sb.steady().deliveriesPerCpuSecond(), 0),
                        ReportWriter.num(other.steady().deliveriesPerCpuSecond(), 0),
                        ReportWriter.ratio(sb.steady().deliveriesPerCpuSecond() / other.steady().deliveriesPerCpuSecond())));
            });
        }
        r.para("");
    }
}
