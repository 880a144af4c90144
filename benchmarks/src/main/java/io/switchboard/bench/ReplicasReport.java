package io.switchboard.bench;

import io.switchboard.bench.Replicas.Phase;
import io.switchboard.bench.Replicas.Recovery;
import io.switchboard.bench.Replicas.Result;
import io.switchboard.bench.Replicas.Run;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ReportWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** Section 3b of the report: {@link Replicas}' fan-out and recovery tables, their CSV, the ratios and a latency plot. */
final class ReplicasReport {
    private ReplicasReport() {
    }

    static void write(ReportWriter r, Result result) {
        Replicas.Load load = result.load();
        r.heading(2, "3b. Fan-out and recovery across two replicas");
        r.para(String.format("Each system as two processes on the bench Redis, %,d sockets split evenly across them, every event "
                + "posted to `POST /api/events` on the first. Switchboard: two notify-service replicas; the posting one stores the "
                + "event (history, offset) and PUBLISHes it, and each replica writes it to its own sockets. Socket.IO: two Node "
                + "processes with `@socket.io/redis-streams-adapter` 0.3.1 and `connectionStateRecovery`; the posting one XADDs "
                + "the packet to a Redis stream (and writes it to its own sockets), the other reads it with XREAD. Deliveries per "
                + "server CPU-second divide the deliveries by the user+system time of both processes in that phase; Redis' own "
                + "CPU (INFO cpu) is beside it, and in the last column. Before the measured phases each system runs %d s at "
                + "the steady rate (a warm-up for the JIT, not reported).", load.sockets(), load.warmUpSeconds()));
        fanOut(r, result.runs());
        recovery(r, result);
        headlines(r, result.runs());
        Map<String, Histogram> series = new LinkedHashMap<>();
        for (Run run : result.runs()) {
            series.put(run.system() + ", posting replica", run.single().local());
            series.put(run.system() + ", other replica", run.single().remote());
        }
        Plots.latencyPercentiles(r.file("replicas-delivery.png"), "Two replicas: one delivery, single events", series);
        r.image("replicas-delivery.png", "delivery latency by percentile, on the posting and on the other replica");
        r.flush();
    }

    private static void fanOut(ReportWriter r, List<Run> runs) {
        List<List<String>> rows = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        for (Run run : runs) {
            for (var p : List.of(Map.entry("single events", run.single()), Map.entry("steady " + run.steadyRate() + " events/s", run.steady()))) {
                Phase ph = p.getValue();
                rows.add(List.of(run.system(), ReportWriter.num(run.subscribed(), 0), p.getKey(),
                        ReportWriter.ms(ph.toLast().getValueAtPercentile(50)), ReportWriter.ms(ph.toLast().getValueAtPercentile(99)),
                        ReportWriter.ms(ph.local().getValueAtPercentile(50)), ReportWriter.ms(ph.remote().getValueAtPercentile(50)),
                        ReportWriter.ms(ph.remote().getValueAtPercentile(99)), ReportWriter.num(ph.deliveriesPerSecond(), 0),
                        ReportWriter.num(ph.deliveriesPerCpuSecond(), 0), ReportWriter.num(ph.redisCpuSeconds(), 2),
                        ReportWriter.num(ph.deliveriesPerCpuSecondWithRedis(), 0), Long.toString(ph.expected() - ph.received())));
                csv.add(List.of(run.system(), run.sockets(), run.subscribed(), p.getKey(), ph.expected(), ph.received(),
                        ph.toLast().getValueAtPercentile(50) / 1e6, ph.toLast().getValueAtPercentile(99) / 1e6,
                        ph.local().getValueAtPercentile(50) / 1e6, ph.local().getValueAtPercentile(99) / 1e6,
                        ph.remote().getValueAtPercentile(50) / 1e6, ph.remote().getValueAtPercentile(99) / 1e6,
                        ph.deliveriesPerSecond(), ph.serverCpuSeconds(), ph.redisCpuSeconds(), ph.deliveriesPerCpuSecond(),
                        ph.deliveriesPerCpuSecondWithRedis()));
            }
        }
        r.heading(3, "Fan-out across the two replicas");
        r.table(List.of("server", "sockets", "load", "to last socket p50 ms", "to last p99 ms", "delivery p50 ms, posting replica",
                "p50 ms, other replica", "p99 ms, other replica", "deliveries/s", "deliveries per server CPU-second (both)",
                "Redis CPU s", "per CPU-second with Redis", "lost"), rows);
        r.csv("replicas-fan-out", List.of("server", "sockets", "subscribed", "phase", "expected", "received", "to_last_p50_ms",
                "to_last_p99_ms", "local_p50_ms", "local_p99_ms", "remote_p50_ms", "remote_p99_ms", "deliveries_per_s",
                "server_cpu_s", "redis_cpu_s", "deliveries_per_cpu_s", "deliveries_per_cpu_s_with_redis"), csv);
    }

    private static void recovery(ReportWriter r, Result result) {
        Replicas.Load load = result.load();
        r.heading(3, "Recovery after a reconnect");
        r.para(String.format("%,d sockets (half on each replica) are closed by the client without a goodbye, as a dropped network "
                + "would end them (for Socket.IO: no DISCONNECT packet, so the server keeps the session). One second later %d "
                + "events are posted, %d a second; once the other sockets have them, the dropped ones reconnect, every other one "
                + "to the replica it was on and the rest to the other replica, and resume as each system's client does: "
                + "Switchboard subscribes again with `since` (the offset of the last event it read) and `epoch`; the Socket.IO "
                + "client sends its session's `pid` and last `offset` in its CONNECT. Recovered counts the distinct missed events "
                + "each socket read after its reconnect; the times run from the start of its reconnect (new WebSocket) to the "
                + "socket being ready (Switchboard: the subscribe answer, the replay follows it; Socket.IO: the CONNECT "
                + "acknowledgement, the missed events come before it) and to the last missed event it read. All dropped "
                + "sockets reconnect at once.", load.dropped(), load.missed(), ReplicaDriver.MISSED_PER_SECOND));
        List<List<String>> rows = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        for (Run run : result.runs()) {
            for (Recovery rec : run.recoveries()) {
                Histogram h = rec.reconnectToLast();
                String target = rec.sameReplica() ? "same replica" : "other replica";
                rows.add(List.of(run.system(), target, Integer.toString(rec.dropped()), Integer.toString(rec.reconnected()),
                        Integer.toString(rec.missedEach()), ReportWriter.num(rec.delivered(), 0) + " of " + ReportWriter.num(rec.expected(), 0),
                        ReportWriter.num(100 * rec.recoveredFraction(), 1) + "%", Integer.toString(rec.complete()),
                        Integer.toString(rec.toldRecovered()), Long.toString(rec.duplicates()),
                        rec.reconnectToReady().getTotalCount() == 0 ? "-" : ReportWriter.ms(rec.reconnectToReady().getValueAtPercentile(50)),
                        h.getTotalCount() == 0 ? "-" : ReportWriter.ms(h.getValueAtPercentile(50)),
                        h.getTotalCount() == 0 ? "-" : ReportWriter.ms(h.getValueAtPercentile(99)),
                        h.getTotalCount() == 0 ? "-" : ReportWriter.ms(h.getMaxValue())));
                List<Object> line = new ArrayList<>(List.of(run.system(), target, rec.dropped(), rec.reconnected(), rec.missedEach(),
                        rec.expected(), rec.delivered(), rec.recoveredFraction(), rec.complete(), rec.toldRecovered(), rec.duplicates()));
                line.addAll(ReportWriter.latencyCsv(rec.reconnectToReady()));
                line.addAll(ReportWriter.latencyCsv(h));
                csv.add(line);
            }
        }
        r.table(List.of("server", "reconnect to", "dropped", "reconnected", "missed each", "missed events read", "recovered",
                "sockets with all", "server said recovered", "duplicates", "reconnect to ready p50 ms", "reconnect to last p50 ms",
                "p99 ms", "max ms"), rows);
        List<String> header = new ArrayList<>(List.of("server", "reconnect_to", "dropped", "reconnected", "missed_each", "expected",
                "delivered", "recovered_fraction", "complete", "told_recovered", "duplicates"));
        header.addAll(ReportWriter.LATENCY_CSV_HEADER.stream().map(h -> "reconnect_to_ready_" + h).toList());
        header.addAll(ReportWriter.LATENCY_CSV_HEADER.stream().map(h -> "reconnect_to_last_" + h).toList());
        r.csv("replicas-recovery", header, csv);
        for (Run run : result.runs()) {
            r.bullet(String.format("%s: the sockets that stayed read %,d of the %,d deliveries of the missed events; the event posted "
                    + "after the reconnects reached %,d of %,d open sockets.", run.system(), run.liveReceived(), run.liveExpected(),
                    run.afterReceived(), run.afterExpected()));
        }
        r.para("");
    }

    private static void headlines(ReportWriter r, List<Run> runs) {
        Optional<Run> sb = runs.stream().filter(x -> x.system().equals("Switchboard")).findFirst();
        Optional<Run> sio = runs.stream().filter(x -> !x.system().equals("Switchboard")).findFirst();
        if (sb.isEmpty() || sio.isEmpty()) {
            return;
        }
        Run a = sb.get();
        Run b = sio.get();
        r.heading(3, "Headline ratios (Switchboard / Socket.IO)");
        r.bullet(String.format("Steady, deliveries per server CPU-second of both replicas: %s vs %s: **%s**; counting Redis' CPU too: %s.",
                ReportWriter.num(a.steady().deliveriesPerCpuSecond(), 0), ReportWriter.num(b.steady().deliveriesPerCpuSecond(), 0),
                ReportWriter.ratio(a.steady().deliveriesPerCpuSecond() / b.steady().deliveriesPerCpuSecond()),
                ReportWriter.ratio(a.steady().deliveriesPerCpuSecondWithRedis() / b.steady().deliveriesPerCpuSecondWithRedis())));
        r.bullet(String.format("One event, to the last socket of both replicas, p50: %s ms vs %s ms (%s the time).",
                ReportWriter.ms(a.single().toLast().getValueAtPercentile(50)), ReportWriter.ms(b.single().toLast().getValueAtPercentile(50)),
                ReportWriter.ratio((double) a.single().toLast().getValueAtPercentile(50) / b.single().toLast().getValueAtPercentile(50))));
        for (boolean same : List.of(true, false)) {
            Recovery x = pick(a, same);
            Recovery y = pick(b, same);
            if (x == null || y == null) {
                continue;
            }
            r.bullet(String.format("Reconnect to the %s replica: recovered %s vs %s of the missed events; reconnect to last "
                    + "recovered event p50 %s ms vs %s ms.", same ? "same" : "other",
                    ReportWriter.num(100 * x.recoveredFraction(), 1) + "%", ReportWriter.num(100 * y.recoveredFraction(), 1) + "%",
                    p50(x), p50(y)));
        }
        r.para("");
    }

    private static Recovery pick(Run run, boolean same) {
        return run.recoveries().stream().filter(x -> x.sameReplica() == same).findFirst().orElse(null);
    }

    private static String p50(Recovery rec) {
        Histogram h = rec.reconnectToLast();
        return h.getTotalCount() == 0 ? "-" : ReportWriter.ms(h.getValueAtPercentile(50));
    }
}
