package io.switchboard.bench;

import io.switchboard.bench.Commands.OpenLoop;
import io.switchboard.bench.Commands.Run;
import io.switchboard.bench.TracingOverhead.Result;
import io.switchboard.bench.report.ReportWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** The report's tracing section: {@link TracingOverhead}'s two runs side by side, as ratios of on to off. */
final class TracingOverheadReport {
    private TracingOverheadReport() {
    }

    static void write(ReportWriter r, Result result) {
        Run off = result.off();
        Run on = result.on();
        r.heading(2, "Tracing overhead");
        r.para("The command round trip (section 2's load: " + result.load().devices() + " machines, the same warm-up, one "
                + "command at a time, then open loop at fixed rates for " + result.load().seconds() + " s each), Switchboard "
                + "only, twice in this run: as deployed by default (tracing off), then with an OTLP endpoint configured (tracing on), every span "
                + "sampled and exported by OTLP/HTTP protobuf to a sink in the load generator's JVM that discards them "
                + "(docs/observability.md). Server CPU is command-service plus device-gateway, from /proc. A ratio is on / off.");
        List<List<String>> rows = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        rows.add(row("one at a time", off.sequential(), on.sequential(), Double.NaN, Double.NaN));
        csv.add(csvRow("sequential", 0, off.sequential(), on.sequential(), Double.NaN, Double.NaN));
        for (OpenLoop o : off.open()) {
            Optional<OpenLoop> t = on.open().stream().filter(x -> x.rate() == o.rate()).findFirst();
            if (t.isEmpty()) {
                rows.add(List.of("open loop " + o.rate() + "/s", ms(o.latency(), 50), "not run (the rate before was not sustained)",
                        ms(o.latency(), 99), "", ReportWriter.num(o.serverCpuMsPerCommand(), 3), "", ""));
                continue;
            }
            rows.add(row("open loop " + o.rate() + "/s", o.latency(), t.get().latency(), o.serverCpuMsPerCommand(),
                    t.get().serverCpuMsPerCommand()));
            csv.add(csvRow("open", o.rate(), o.latency(), t.get().latency(), o.serverCpuMsPerCommand(), t.get().serverCpuMsPerCommand()));
        }
        r.table(List.of("load", "p50 ms off", "p50 ms on", "p99 ms off", "p99 ms on", "CPU ms per command off",
                "CPU ms per command on", "CPU on/off"), rows);
        r.csv("tracing-overhead", List.of("mode", "rate_per_s", "p50_ms_off", "p50_ms_on", "p99_ms_off", "p99_ms_on",
                "cpu_ms_per_command_off", "cpu_ms_per_command_on"), csv);
        double seqAdded = on.sequential().getValueAtPercentile(50) - off.sequential().getValueAtPercentile(50);
        r.bullet(String.format(Locale.ROOT, "One at a time, p50: %s ms off, %s ms on (**%+.2f ms**).",
                ReportWriter.ms(off.sequential().getValueAtPercentile(50)), ReportWriter.ms(on.sequential().getValueAtPercentile(50)),
                seqAdded / 1e6));
        off.open().stream().filter(o -> o.rate() == 500).findFirst().ifPresent(o -> on.open().stream()
                .filter(x -> x.rate() == 500).findFirst().ifPresent(t -> r.bullet(String.format(
                        "At 500/s: server CPU per command %s ms off, %s ms on (**%s**); p99 %s ms off, %s ms on.",
                        ReportWriter.num(o.serverCpuMsPerCommand(), 3), ReportWriter.num(t.serverCpuMsPerCommand(), 3),
                        change(t.serverCpuMsPerCommand() / o.serverCpuMsPerCommand()),
                        ms(o.latency(), 99), ms(t.latency(), 99)))));
        r.bullet("Highest sustained rate measured (p99 under " + ReportWriter.num(Commands.SUSTAINED_P99_MS, 0) + " ms): "
                + rate(off.highestSustained()) + " off, " + rate(on.highestSustained()) + " on.");
        r.bullet("The sink received " + result.exports() + " OTLP exports, " + ReportWriter.num(result.bytes() / 1024.0 / 1024.0, 1)
                + " MiB, during the tracing-on run (warm-up included).");
        for (Run run : List.of(off, on)) {
            r.bullet(String.format("%s warm-up: %s s, %s.", run.system(), ReportWriter.num(run.warmUp().seconds(), 0),
                    run.warmUp().settled() ? "settled" : "not settled (stopped at the limit)"));
        }
        r.para("");
        r.flush();
    }

    /** A ratio on/off as "1.19x (+19%)": the one-decimal ratio hides an overhead of a few percent. */
    static String change(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2fx (%+.0f%%)", ratio, (ratio - 1) * 100) : "n/a";
    }

    private static String rate(int r) {
        return r == 0 ? "none" : r + "/s";
    }

    private static String ms(Histogram h, double percentile) {
        return ReportWriter.ms(h.getValueAtPercentile(percentile));
    }

    private static List<String> row(String load, Histogram off, Histogram on, double cpuOff, double cpuOn) {
        return List.of(load, ms(off, 50), ms(on, 50), ms(off, 99), ms(on, 99),
                Double.isNaN(cpuOff) ? "" : ReportWriter.num(cpuOff, 3), Double.isNaN(cpuOn) ? "" : ReportWriter.num(cpuOn, 3),
                Double.isNaN(cpuOff) ? "" : change(cpuOn / cpuOff));
    }

    private static List<?> csvRow(String mode, int rate, Histogram off, Histogram on, double cpuOff, double cpuOn) {
        return List.of(mode, rate, off.getValueAtPercentile(50) / 1e6, on.getValueAtPercentile(50) / 1e6,
                off.getValueAtPercentile(99) / 1e6, on.getValueAtPercentile(99) / 1e6, cpuOff, cpuOn);
    }
}
