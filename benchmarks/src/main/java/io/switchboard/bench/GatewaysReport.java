package io.switchboard.bench;

import io.switchboard.bench.Gateways.Load;
import io.switchboard.bench.Gateways.Result;
import io.switchboard.bench.Gateways.Run;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ReportWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Section 6 of the report: {@link Gateways}' figures per setup, their ratio to one gateway, CSV and a plot of the ratios. */
final class GatewaysReport {
    private GatewaysReport() {
    }

    static void write(ReportWriter r, Result result) {
        Load load = result.load();
        List<Run> runs = result.runs();
        Run first = runs.get(0);
        r.heading(2, "6. Cost per command by number of replicas");
        r.para(String.format("For each setup: G device-gateways and C command-services (fresh processes), %d simulated machines "
                        + "spread evenly over the gateways (machine i on gateway i mod G), warmed up as in section 2, then %d "
                        + "commands a second for %d s, open loop, posted round-robin over the machines (and split evenly over the "
                        + "command-services). Records read are what each process' Kafka consumer took from the topic in the window "
                        + "(`%s`, tag `topic`, from its `/q/metrics`), summed over the processes and divided by the commands "
                        + "sent; CPU is user+system from /proc over the same window. Flat in replicas means a ratio near 1.0 to the "
                        + "first row.", load.devices(), load.rate(), load.seconds(), Counters.RECORDS_CONSUMED));
        List<List<String>> load1 = new ArrayList<>();
        List<List<String>> cost = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        for (Run run : runs) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(run.setup().gateways()), Integer.toString(run.setup().commandServices()),
                    Integer.toString(load.rate() / run.setup().rateDivisor()), Integer.toString(run.sent()), Long.toString(run.sent() - run.failed()), failures(run)));
            row.add(ReportWriter.ms(run.latency().getValueAtPercentile(50)));
            row.add(ReportWriter.ms(run.latency().getValueAtPercentile(99)));
            load1.add(row);
            cost.add(List.of(run.setup().label(),
                    withRatio(run, first, Run::commandRecordsPerCommand, 2),
                    withRatio(run, first, Run::gatewayCpuMsPerCommand, 2),
                    ReportWriter.num(run.gatewayCpuMsPerCommandNetOfIdle(), 2),
                    ReportWriter.num(run.gatewayIdleCpuMsPerSecond(), 1),
                    withRatio(run, first, Run::commandCpuMsPerCommand, 2),
                    withRatio(run, first, Run::replyRecordsPerCommand, 2),
                    ReportWriter.num(run.redisCommandsPerCommand(), 1)));
            csv.add(csvRow(run));
        }
        r.table(List.of("gateways", "command-services", "commands/s", "sent", "answered 200", "failed", "p50 ms", "p99 ms"), load1);
        r.table(List.of("setup", "device.commands records read per command (ratio to G=1)", "gateway CPU ms per command (ratio)",
                "gateway CPU ms per command, net of idle", "gateways' CPU at rest, ms/s", "command-service CPU ms per command (ratio)",
                "device.replies records read per command (ratio)", "Redis commands per command"), cost);
        r.csv("gateways", List.of("gateways", "command_services", "rate_divisor", "sent", "failed", "p50_ms", "p99_ms", "window_s",
                "device_commands_records_read", "device_commands_records_per_command", "records_read_by_gateway",
                "gateway_cpu_ms_per_command", "gateway_cpu_ms_per_command_net_of_idle", "gateway_idle_cpu_ms_per_s",
                "command_service_cpu_ms_per_command", "device_replies_records_per_command", "redis_commands_per_command",
                "warmup_s", "warmup_settled", "load_average_1m"), csv);
        r.para("Net of idle subtracts what the gateways spend at rest (measured over " + load.idleSeconds() + " s just before the "
                + "window, with the machines connected: pings, presence refresh, Kafka fetch polls) for as long as the window lasted; "
                + "that part grows with G whatever the routing. Redis commands include the gateways' presence refresh.");
        for (Run run : runs) {
            r.bullet(run.setup().label() + ": records read per gateway " + run.window().commandRecords() + "; load average "
                    + ReportWriter.num(run.loadAverage(), 1) + " at the end of the window; warm-up "
                    + run.warmUps().stream().map(w -> ReportWriter.num(w.seconds(), 0) + " s, " + (w.settled() ? "settled" : "not settled")
                    + " (last window " + ReportWriter.num(w.cpuMsPerCommand().get(w.cpuMsPerCommand().size() - 1), 2) + " ms per command)")
                    .collect(Collectors.joining("; ")) + (run.notes().isEmpty() ? "" : "; " + String.join("; ", run.notes())) + ".");
        }
        r.para("");
        plot(r, runs, first);
        r.flush();
    }

    private static String failures(Run run) {
        return run.failed() == 0 ? "0" : run.failed() + " (" + run.errors().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }

    private static String withRatio(Run run, Run first, ToDoubleFunction<Run> figure, int decimals) {
        return ReportWriter.num(figure.applyAsDouble(run), decimals) + " (" + ReportWriter.num(ratio(run, first, figure), 2) + ")";
    }

    static double ratio(Run run, Run first, ToDoubleFunction<Run> figure) {
        return figure.applyAsDouble(run) / figure.applyAsDouble(first);
    }

    private static void plot(ReportWriter r, List<Run> runs, Run first) {
        Map<String, ToDoubleFunction<Run>> figures = new LinkedHashMap<>();
        figures.put("device.commands records read", Run::commandRecordsPerCommand);
        figures.put("gateway CPU", Run::gatewayCpuMsPerCommand);
        figures.put("command-service CPU", Run::commandCpuMsPerCommand);
        figures.put("device.replies records read", Run::replyRecordsPerCommand);
        Map<String, List<Double>> series = new LinkedHashMap<>();
        figures.forEach((name, f) -> series.put(name, runs.stream().map(run -> ratio(run, first, f)).toList()));
        Plots.bars(r.file("gateways-ratios.png"), "Per command, against " + first.setup().label() + " (flat = 1.0)",
                "ratio to " + first.setup().label(), runs.stream().map(run -> run.setup().label()).toList(), series);
        r.image("gateways-ratios.png", "cost per command by number of replicas, as a ratio to one gateway");
    }

    private static List<?> csvRow(Run run) {
        Counters w = run.window();
        return List.of(run.setup().gateways(), run.setup().commandServices(), run.setup().rateDivisor(), run.sent(), run.failed(),
                run.latency().getValueAtPercentile(50) / 1e6, run.latency().getValueAtPercentile(99) / 1e6, w.seconds(),
                Counters.total(w.commandRecords()), run.commandRecordsPerCommand(),
                w.commandRecords().stream().map(String::valueOf).collect(Collectors.joining(" ")),
                run.gatewayCpuMsPerCommand(), run.gatewayCpuMsPerCommandNetOfIdle(), run.gatewayIdleCpuMsPerSecond(),
                run.commandCpuMsPerCommand(), run.replyRecordsPerCommand(), run.redisCommandsPerCommand(),
                run.warmUps().stream().mapToDouble(Commands.WarmUp::seconds).max().orElse(0),
                run.warmUps().stream().allMatch(Commands.WarmUp::settled), run.loadAverage());
    }
}
