package io.switchboard.bench;

import io.switchboard.bench.QrWaiters.Result;
import io.switchboard.bench.QrWaiters.Step;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ReportWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Section 4 of the report: {@link QrWaiters}' figures as a table, CSV, the headline ratios and a latency plot. */
final class QrWaitersReport {
    private QrWaitersReport() {
    }

    static void write(ReportWriter r, Result result) {
        List<Step> steps = result.steps();
        r.heading(2, "4. QR logins waiting");
        r.para("Pages long-poll `GET /api/qr-logins/{id}?waitSeconds=30` while nobody scans. Threads are the server "
                + "process' OS threads (`/proc`), heap is measured after a full collection, CPU and Redis commands per "
                + "second (INFO `total_commands_processed`, every client of that Redis) over an idle window of "
                + result.load().windowSeconds()
                + " s. Then the third party's webhook grants a sample of the logins, 50 a second, and the page's answer is "
                + "timed from the webhook's send. Switchboard wakes a waiter from a Redis pub/sub change notification; the "
                + "baseline's request thread re-reads Redis every second.");
        List<List<String>> rows = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        for (Step s : steps) {
            rows.add(List.of(s.system(), ReportWriter.num(s.logins(), 0), ReportWriter.num(s.waiting(), 0),
                    Long.toString(s.threads()), ReportWriter.num(s.heap() / 1048576.0, 0), ReportWriter.num(s.rss() / 1048576.0, 0),
                    ReportWriter.num(s.idleCpuPercent(), 1), ReportWriter.num(s.redisPerSecond(), 1),
                    ReportWriter.ms(s.grant().getValueAtPercentile(50)), ReportWriter.ms(s.grant().getValueAtPercentile(99)),
                    s.grantsAnswered() + " / " + s.grantsSent()));
            List<Object> row = new ArrayList<>(List.of(s.system(), s.logins(), s.waiting(), s.threads(), s.heap(), s.rss(),
                    s.idleCpuPercent(), s.redisPerSecond(), s.grantsSent(), s.grantsAnswered()));
            row.addAll(ReportWriter.latencyCsv(s.grant()));
            csv.add(row);
        }
        r.table(List.of("server", "logins", "waiting", "threads", "heap MiB", "RSS MiB", "idle CPU %", "Redis cmds/s idle",
                "grant -> answer p50 ms", "p99 ms", "answered"), rows);
        List<String> header = new ArrayList<>(List.of("server", "logins", "waiting", "threads", "heap_bytes", "rss_bytes",
                "idle_cpu_percent", "redis_cmds_per_s", "grants_sent", "grants_answered"));
        header.addAll(ReportWriter.LATENCY_CSV_HEADER.stream().map(h -> "grant_" + h).toList());
        r.csv("qr-waiters", header, csv);
        Step oursTop = steps.stream().filter(s -> s.system().equals("Switchboard")).reduce((a, b) -> b).orElseThrow();
        steps.stream().filter(s -> !s.system().equals("Switchboard") && s.logins() == oursTop.logins()).findFirst()
                .ifPresent(b -> headlines(r, oursTop, b));
        Map<String, Histogram> series = new LinkedHashMap<>();
        steps.stream().filter(s -> s.logins() == oursTop.logins())
                .forEach(s -> series.put(s.system() + ", " + ReportWriter.num(s.logins(), 0) + " waiting", s.grant()));
        Plots.latencyPercentiles(r.file("qr-grant-to-answer.png"), "QR login: webhook sent -> page answered", series);
        r.image("qr-grant-to-answer.png", "grant to answer latency by percentile");
        r.flush();
    }

    private static void headlines(ReportWriter r, Step ours, Step baseline) {
        r.heading(3, "Headline ratios");
        r.bullet(String.format("%,d waiting: threads %d vs %d (target: 64 or fewer), Redis commands/s while idle %s vs %s (target: 0).",
                ours.logins(), ours.threads(), baseline.threads(), ReportWriter.num(ours.redisPerSecond(), 1),
                ReportWriter.num(baseline.redisPerSecond(), 1)));
        r.bullet(String.format("grant -> answer p99 %s ms vs %s ms (target: under 10 ms): **%s** faster at p50.",
                ReportWriter.ms(ours.grant().getValueAtPercentile(99)), ReportWriter.ms(baseline.grant().getValueAtPercentile(99)),
                ReportWriter.ratio(baseline.grant().getValueAtPercentile(50) / (double) ours.grant().getValueAtPercentile(50))));
        r.para("");
    }
}
