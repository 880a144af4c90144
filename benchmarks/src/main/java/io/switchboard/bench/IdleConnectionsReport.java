package io.switchboard.bench;

import io.switchboard.bench.IdleConnections.Ramp;
import io.switchboard.bench.IdleConnections.Result;
import io.switchboard.bench.IdleConnections.Step;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ReportWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Section 1 of the report: {@link IdleConnections}' figures as a table, CSV, a bar plot and the heap profile. */
final class IdleConnectionsReport {
    private IdleConnectionsReport() {
    }

    static void write(ReportWriter r, Result result) {
        r.heading(2, "1. Idle device connections");
        r.para("Machine sockets opened on one server process, " + IdleConnections.IN_FLIGHT + " handshakes in flight, then left idle. "
                + "Per connection = (value at the step - value with no connection) / connections. Heap is measured after a "
                + "full collection (`jcmd GC.run` for the JVM, `global.gc()` for Node). Idle CPU is the server's user+system "
                + "time over " + result.load().idleSeconds() + " s at the largest step, in percent of one core. Switchboard sockets "
                + "authenticate with an RS256 JWT and register presence in Redis; the Socket.IO server verifies the same "
                + "token with node:crypto and keeps the socket in a map. The third system, the JVM floor, is plain Vert.x "
                + "(`bench/floor/VertxFloorServer`) doing what the Socket.IO server does: the same token check with the JDK's "
                + "RSA, the socket in a map; no Quarkus, Redis or Kafka: the most connects a JVM server makes on this machine.");
        List<List<String>> rows = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        Map<String, List<Double>> rssPer = new LinkedHashMap<>();
        Map<String, List<Double>> heapPer = new LinkedHashMap<>();
        List<String> categories = new ArrayList<>();
        for (var e : result.ramps().entrySet()) {
            String system = e.getKey();
            Ramp ramp = e.getValue();
            List<Double> rssSeries = new ArrayList<>();
            List<Double> heapSeries = new ArrayList<>();
            for (Step s : ramp.steps()) {
                double rssKb = (s.rss() - ramp.rss0()) / 1024.0 / s.connected();
                double heapKb = (s.heap() - ramp.heap0()) / 1024.0 / s.connected();
                rows.add(List.of(system, ReportWriter.num(s.connected(), 0), Integer.toString(s.failed()),
                        ReportWriter.num(s.connectsPerSecond(), 0), ReportWriter.num(s.rss() / 1048576.0, 0),
                        ReportWriter.num(rssKb, 1), ReportWriter.num(heapKb, 1), Long.toString(s.threads()),
                        Double.isNaN(s.idleCpuPercent()) ? "" : ReportWriter.num(s.idleCpuPercent(), 2),
                        Integer.toString(s.dropped()), ReportWriter.num(s.serverCpuPercent(), 0),
                        ReportWriter.num(s.generatorCpuPercent(), 0)));
                csv.add(List.of(system, s.target() == Integer.MAX_VALUE ? "max" : s.target(), s.connected(), s.failed(),
                        s.connectsPerSecond(), s.rss(), s.heap(), ramp.rss0(), ramp.heap0(), rssKb, heapKb, s.threads(),
                        s.idleCpuPercent(), s.dropped(), s.serverCpuPercent(), s.generatorCpuPercent()));
                String cat = s.target() == Integer.MAX_VALUE || s.target() > s.connected() + s.failed()
                        ? "most (" + label(s.connected()) + ")" : label(s.target());
                if (categories.size() < rssSeries.size() + 1) {
                    categories.add(cat);
                }
                rssSeries.add(rssKb);
                heapSeries.add(heapKb);
            }
            while (rssSeries.size() < categories.size()) {
                rssSeries.add(Double.NaN);
                heapSeries.add(Double.NaN);
            }
            rssPer.put(system + " RSS", rssSeries);
            heapPer.put(system + " heap", heapSeries);
        }
        r.table(List.of("server", "connections", "failed", "connects/s", "RSS MiB", "RSS KiB/conn", "heap KiB/conn",
                "threads", "idle CPU %", "dropped", "server CPU % while connecting", "load generator CPU %"), rows);
        r.csv("idle-connections", List.of("server", "step", "connections", "failed", "connects_per_s", "rss_bytes",
                "heap_bytes", "rss0_bytes", "heap0_bytes", "rss_kib_per_conn", "heap_kib_per_conn", "threads",
                "idle_cpu_percent", "dropped", "server_cpu_percent_connecting", "generator_cpu_percent_connecting"), csv);
        Map<String, List<Double>> both = new LinkedHashMap<>(rssPer);
        both.putAll(heapPer);
        Plots.bars(r.file("idle-memory-per-connection.png"), "Memory per idle connection", "KiB per connection",
                categories, both);
        r.image("idle-memory-per-connection.png", "memory per idle connection, Switchboard vs Socket.IO");
        ratios(r, result);
        warmUp(r, result);
        result.ramps().forEach((system, ramp) -> heapProfile(r, system, ramp.perConnection()));
        r.flush();
    }

    /**
     * Connects per second at each step as a ratio to Socket.IO's (target 1 of issue 13: at least 1.5x), and the server
     * CPU per connect (open and close) of the last warm-up wave beside Socket.IO's.
     */
    private static void ratios(ReportWriter r, Result result) {
        Ramp peer = result.ramps().entrySet().stream().filter(e -> e.getKey().startsWith("Socket.IO"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (peer == null || peer.steps().isEmpty()) {
            return;
        }
        r.heading(3, "Connects per second against Socket.IO's");
        List<String> header = new ArrayList<>(List.of("server"));
        peer.steps().forEach(step -> header.add("at " + label(step.connected())));
        header.add("server CPU µs per connect (open and close), warm");
        List<List<String>> rows = new ArrayList<>();
        result.ramps().forEach((system, ramp) -> {
            List<String> row = new ArrayList<>(List.of(system));
            for (int i = 0; i < peer.steps().size(); i++) {
                row.add(i < ramp.steps().size() ? ReportWriter.num(ramp.steps().get(i).connectsPerSecond()
                        / peer.steps().get(i).connectsPerSecond(), 2) + "x" : "");
            }
            row.add(ramp.warmUp().isEmpty() ? "" : ReportWriter.num(ramp.warmUp().get(ramp.warmUp().size() - 1).cpuMicrosPerConnect(), 0));
            rows.add(row);
        });
        r.table(header, rows);
    }

    /** The connect warm-up of each server: the waves until its CPU per connect settled. */
    private static void warmUp(ReportWriter r, Result result) {
        r.heading(3, "Connect warm-up");
        r.para("Before its ramp each server took waves of " + result.load().warmUpWave() + " connects, opened "
                + IdleConnections.IN_FLIGHT + " at a time and then closed (other device ids than the ramp's), for at least "
                + result.load().warmUpMinSeconds() + " s and until its CPU per connect (open and close, from /proc) was "
                + "settled: the last three waves within 5% of their mean and, for a JVM, its JIT compiler threads under "
                + Math.round(100 * CommandDriver.COMPILER_SETTLED) + "% of its CPU in the last two; at most "
                + result.load().warmUpMaxSeconds() + " s. The load generator warms up with it. Each wave's connects/s, "
                + "server CPU per connect in µs, and the compiler threads' share of it:");
        List<List<String>> rows = new ArrayList<>();
        result.ramps().forEach((system, ramp) -> rows.add(List.of(system, Integer.toString(ramp.warmUp().size()),
                String.join(", ", ramp.warmUp().stream().map(w -> ReportWriter.num(w.connectsPerSecond(), 0)).toList()),
                String.join(", ", ramp.warmUp().stream().map(w -> ReportWriter.num(w.cpuMicrosPerConnect(), 0)).toList()),
                String.join(", ", ramp.warmUp().stream().map(w -> Double.isNaN(w.compilerShare()) ? "-"
                        : ReportWriter.num(100 * w.compilerShare(), 0) + "%").toList()))));
        r.table(List.of("server", "waves", "connects/s", "server CPU µs per connect", "JIT compiler share"), rows);
    }

    /** What a connection's heap holds, by class (JVM servers only: an empty profile writes nothing). */
    private static void heapProfile(ReportWriter r, String system, List<Map.Entry<String, long[]>> profile) {
        if (profile.isEmpty()) {
            return;
        }
        r.heading(3, "Where a connection's heap goes: " + system);
        r.para("Live objects after a full collection at the largest step minus those with no connection "
                + "(`jcmd GC.class_histogram`), divided by the connections; the 15 largest classes. All classes are in "
                + "`idle-heap-per-connection.csv`.");
        List<List<String>> top = new ArrayList<>();
        List<List<?>> all = new ArrayList<>();
        for (var c : profile) {
            double bytes = (double) c.getValue()[1] / c.getValue()[2];
            double count = (double) c.getValue()[0] / c.getValue()[2];
            if (top.size() < 15) {
                top.add(List.of("`" + c.getKey() + "`", ReportWriter.num(bytes, 0), ReportWriter.num(count, 2)));
            }
            all.add(List.of(c.getKey(), bytes, count));
        }
        r.table(List.of("class", "bytes per connection", "instances per connection"), top);
        r.csv("idle-heap-per-connection", List.of("class", "bytes_per_connection", "instances_per_connection"), all);
    }

    private static String label(int n) {
        return n >= 1000 ? ReportWriter.num(n / 1000.0, n % 1000 == 0 ? 0 : 1) + "k" : Integer.toString(n);
    }
}
