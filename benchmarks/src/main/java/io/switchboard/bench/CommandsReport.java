package io.switchboard.bench;

import io.switchboard.bench.Commands.OpenLoop;
import io.switchboard.bench.Commands.Result;
import io.switchboard.bench.Commands.Run;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ReportWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** Section 2 of the report: {@link Commands}' figures as a table, CSV, the headline ratios and latency plots. */
final class CommandsReport {
    private CommandsReport() {
    }

    static void write(ReportWriter r, Result result) {
        int seconds = result.load().seconds();
        Histogram floor = result.kafkaFloor();
        List<Run> runs = result.runs();
        r.heading(2, "2. Command round trip");
        r.para("`POST /api/devices/{id}/commands` answered with the machine's reply; " + result.load().devices() + " simulated machines "
                + "that answer at once. The same load generator (Vert.x HTTP client, keep-alive) drives every system. "
                + "Switchboard crosses two Kafka hops (command, reply) and two processes; the spin-map baseline is one "
                + "process whose handler thread writes to the socket and polls a static map every 10 ms (it cannot run as "
                + "two replicas); Socket.IO answers from the acknowledgement callback of an emit (one process as well).");
        List<List<String>> rows = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        rows.add(row("Kafka floor: one produce-to-consume hop", "sequential", ReportWriter.latency(floor), "", "", ""));
        csv.add(csvRow("kafka-floor", "sequential", 0, floor, 0, Double.NaN, Double.NaN));
        for (Run run : runs) {
            rows.add(row(run.system(), "one at a time", ReportWriter.latency(run.sequential()),
                    Integer.toString(run.sequentialErrors()), "", ""));
            csv.add(csvRow(run.system(), "sequential", 0, run.sequential(), run.sequentialErrors(), Double.NaN, Double.NaN));
            for (OpenLoop o : run.open()) {
                rows.add(row(run.system(), "open loop " + o.rate() + "/s for " + seconds + " s", ReportWriter.latency(o.latency()),
                        o.failed() == 0 ? "0" : o.failed() + " (" + o.errors().entrySet().stream()
                                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")",
                        ReportWriter.num(o.serverCpuPercent(), 0), ReportWriter.num(o.serverCpuMsPerCommand(), 2)));
                csv.add(csvRow(run.system(), "open", o.rate(), o.latency(), o.failed(), o.serverCpuPercent(), o.serverCpuMsPerCommand()));
            }
        }
        List<String> header = new ArrayList<>(List.of("system", "load"));
        header.addAll(ReportWriter.LATENCY_HEADER);
        header.addAll(List.of("errors", "server CPU % of a core", "server CPU ms per command"));
        r.table(header, rows);
        List<String> csvHeader = new ArrayList<>(List.of("system", "mode", "rate_per_s"));
        csvHeader.addAll(ReportWriter.LATENCY_CSV_HEADER);
        csvHeader.addAll(List.of("errors", "server_cpu_percent", "server_cpu_ms_per_command"));
        r.csv("command-round-trip", csvHeader, csv);
        r.para("Server CPU is the processes under test only (Switchboard: command-service plus device-gateway), from "
                + "/proc, over each open-loop run. Each system is first warmed up with bursts of 50 commands, not measured, "
                + "until its CPU per command settles (the last three 10 s windows within 5% of their mean; the JIT "
                + "compiles for minutes on 2 cores). Rates above the fixed ones run only while the rate before was sustained (p99 under "
                + ReportWriter.num(Commands.SUSTAINED_P99_MS, 0) + " ms, nothing failed).");
        for (Run run : runs) {
            Commands.WarmUp w = run.warmUp();
            r.bullet(String.format("%s warm-up: %s s, %s; server CPU per command by window: %s ms.", run.system(),
                    ReportWriter.num(w.seconds(), 0), w.settled() ? "settled" : "not settled (stopped at the limit)",
                    w.cpuMsPerCommand().stream().map(v -> ReportWriter.num(v, 2)).collect(Collectors.joining(", "))));
        }
        r.para("");
        headlines(r, floor, runs);
        plots(r, floor, runs);
        r.flush();
    }

    private static void headlines(ReportWriter r, Histogram floor, List<Run> runs) {
        Run sb = runs.get(0);
        double added = sb.sequential().getValueAtPercentile(50) - 2 * floor.getValueAtPercentile(50);
        r.heading(3, "Headline ratios");
        r.bullet("Switchboard adds **" + ReportWriter.ms(added) + " ms** at p50 over two Kafka hops measured in the same run (2 x "
                + ReportWriter.ms(floor.getValueAtPercentile(50)) + " ms); target: under 1 ms.");
        for (OpenLoop o : sb.open()) {
            r.bullet("At " + o.rate() + "/s Switchboard's p99 is **" + ReportWriter.ms(o.latency().getValueAtPercentile(99))
                    + " ms** with " + o.failed() + " of " + o.sent() + " failed, **" + ReportWriter.num(o.serverCpuMsPerCommand(), 2)
                    + " ms** of service CPU per command" + (o.rate() == 500 ? " (targets: p99 under 15 ms, at most 0.5 ms of CPU)" : "") + ".");
        }
        for (Run run : runs) {
            int best = run.highestSustained();
            r.bullet(run.system() + ": highest sustained rate measured **" + (best == 0 ? "none" : best + "/s") + "** (p99 under "
                    + ReportWriter.num(Commands.SUSTAINED_P99_MS, 0) + " ms)" + (run == sb ? "; target: at least 2,000/s." : "."));
        }
        for (Run other : runs.subList(1, runs.size())) {
            r.bullet(String.format("One at a time, p50: Switchboard %s ms, %s %s ms (ratio %s).",
                    ReportWriter.ms(sb.sequential().getValueAtPercentile(50)), other.system(),
                    ReportWriter.ms(other.sequential().getValueAtPercentile(50)),
                    ReportWriter.ratio((double) sb.sequential().getValueAtPercentile(50) / other.sequential().getValueAtPercentile(50))));
        }
        r.para("");
    }

    private static void plots(ReportWriter r, Histogram floor, List<Run> runs) {
        Map<String, Histogram> seqSeries = new LinkedHashMap<>();
        seqSeries.put("Kafka floor (one hop)", floor);
        runs.forEach(x -> seqSeries.put(x.system(), x.sequential()));
        Plots.latencyPercentiles(r.file("commands-sequential.png"), "Command round trip, one at a time", seqSeries);
        r.image("commands-sequential.png", "command latency by percentile, one at a time");
        Run sb = runs.get(0);
        int top = sb.open().get(sb.open().size() - 1).rate();
        for (int rate : sb.open().stream().map(OpenLoop::rate).toList()) {
            if (rate != top && rate != 500) {
                continue;
            }
            Map<String, Histogram> openSeries = new LinkedHashMap<>();
            for (Run x : runs) {
                x.open().stream().filter(o -> o.rate() == rate).findFirst().ifPresent(o -> openSeries.put(x.system(), o.latency()));
            }
            String png = "commands-open-" + rate + ".png";
            Plots.latencyPercentiles(r.file(png), "Command round trip, open loop " + rate + "/s (from intended start)", openSeries);
            r.image(png, "command latency by percentile at " + rate + "/s");
        }
    }

    private static List<String> row(String system, String load, List<String> latency, String errors, String cpu, String cpuPerCommand) {
        List<String> row = new ArrayList<>(List.of(system, load));
        row.addAll(latency);
        row.add(errors);
        row.add(cpu);
        row.add(cpuPerCommand);
        return row;
    }

    private static List<?> csvRow(String system, String mode, int rate, Histogram h, long errors, double cpu, double cpuPerCommand) {
        List<Object> row = new ArrayList<>(List.of(system, mode, rate));
        row.addAll(ReportWriter.latencyCsv(h));
        row.add(errors);
        row.add(cpu);
        row.add(cpuPerCommand);
        return row;
    }
}
