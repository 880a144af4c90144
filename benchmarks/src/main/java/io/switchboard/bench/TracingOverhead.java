package io.switchboard.bench;

import io.switchboard.bench.Commands.Load;
import io.switchboard.bench.Commands.Run;
import io.switchboard.bench.Commands.Target;
import io.switchboard.bench.proc.Service;
import io.switchboard.sim.DeviceSimulator;
import java.util.List;
import java.util.Map;

/**
 * Scenario "tracing": what tracing costs a command (issue 14). The command round trip of {@link Commands}, Switchboard
 * only, measured twice in the same run with the same load: the services as deployed by default (tracing off), then
 * started again with an OTLP endpoint configured (tracing on), every span sampled and exported by OTLP/HTTP to the Lab's
 * {@link io.switchboard.bench.proc.OtlpSink} (which discards them: the figures carry the services' cost, not a
 * collector's). {@link TracingOverheadReport} writes the section.
 */
final class TracingOverhead {
    private static final System.Logger LOG = System.getLogger(TracingOverhead.class.getName());

    /** Both runs, and what the sink received during the second. */
    record Result(Load load, Run off, Run on, long exports, long bytes) {
    }

    private TracingOverhead() {
    }

    static Result measure(Lab lab) throws Exception {
        Load load = Load.of(lab.quick);
        String operator = lab.token("bench-operator", List.of("operator"), Map.of());
        Run off = run(lab, false, "Switchboard, tracing off (default)", load, operator);
        long exports0 = lab.otlpSink().exports();
        long bytes0 = lab.otlpSink().bytes();
        Run on = run(lab, true, "Switchboard, tracing on (every span exported)", load, operator);
        return new Result(load, off, on, lab.otlpSink().exports() - exports0, lab.otlpSink().bytes() - bytes0);
    }

    private static Run run(Lab lab, boolean tracing, String system, Load load, String operator) throws Exception {
        LOG.log(System.Logger.Level.INFO, "{0}", system);
        lab.tracing(tracing);
        try (Service gw = lab.gateway(); Service cmd = lab.commandService();
             DeviceSimulator sim = Commands.machines(lab, gw.ws("/devices/ws"), load.devices())) {
            Run run = Commands.run(new Target(system, cmd.base(), List.of(gw, cmd)), operator, load);
            if (tracing) {
                // the exporter sends every 5 s (quarkus.otel.bsp.schedule.delay): let the last batches arrive
                io.switchboard.bench.proc.Pause.millis(6000);
            }
            return run;
        } finally {
            lab.tracingAsConfigured();
        }
    }
}
