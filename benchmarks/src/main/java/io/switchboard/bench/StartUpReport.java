package io.switchboard.bench;

import io.switchboard.bench.StartUp.Result;
import io.switchboard.bench.StartUp.Start;
import io.switchboard.bench.report.ReportWriter;
import java.util.ArrayList;
import java.util.List;

/** Section 5 of the report: {@link StartUp}'s medians per service, plain and with AppCDS, and the raw starts as CSV. */
final class StartUpReport {
    private StartUpReport() {
    }

    static void write(ReportWriter r, Result result) {
        r.heading(2, "5. Start-up of each service");
        r.para("Each service's packaged jar is started as a new replica would be (bench Kafka and Redis up) and timed from "
                + "the process' start to its first 200 on `/q/health/ready`; " + result.load().settleSeconds()
                + " s later its RSS and threads are read from `/proc` and its heap after a full collection from `jcmd`. "
                + "Plain JVM and AppCDS (the archive `quarkus.package.jar.appcds.enabled` builds beside the jar, run with "
                + "`-XX:SharedArchiveFile=app-cds.jsa -Xshare:on`) alternate, " + result.load().repeats()
                + " start(s) each; the table gives the start with the median time to ready.");
        List<List<String>> rows = new ArrayList<>();
        List<String> bought = new ArrayList<>();
        for (String service : StartUp.SERVICES) {
            Start plain = result.median(service, StartUp.PLAIN);
            Start cds = result.median(service, StartUp.APPCDS);
            for (Start s : new Start[] {plain, cds}) {
                if (s != null) {
                    rows.add(List.of(service, s.variant(), ReportWriter.num(s.readyNanos() / 1e6, 0),
                            ReportWriter.num(s.rss() / 1048576.0, 0), Long.toString(s.threads()),
                            ReportWriter.num(s.heap() / 1048576.0, 1)));
                }
            }
            if (plain != null && cds != null) {
                bought.add(String.format("%s: ready %s ms -> %s ms (%s), RSS %s -> %s MiB", service,
                        ReportWriter.num(plain.readyNanos() / 1e6, 0), ReportWriter.num(cds.readyNanos() / 1e6, 0),
                        percent(cds.readyNanos(), plain.readyNanos()), ReportWriter.num(plain.rss() / 1048576.0, 0),
                        ReportWriter.num(cds.rss() / 1048576.0, 0)));
            }
        }
        r.table(List.of("service", "JVM", "time to ready ms", "RSS at rest MiB", "threads", "heap after GC MiB"), rows);
        List<List<?>> csv = new ArrayList<>();
        for (Start s : result.starts()) {
            csv.add(List.of(s.service(), s.variant(), s.readyNanos() / 1_000_000, s.rss(), s.threads(), s.heap()));
        }
        r.csv("start-up", List.of("service", "jvm", "ready_ms", "rss_bytes", "threads", "heap_bytes"), csv);
        if (!bought.isEmpty()) {
            r.heading(3, "What AppCDS bought");
            bought.forEach(r::bullet);
            r.para("");
        }
        r.flush();
    }

    private static String percent(long now, long before) {
        return String.format("%+.0f%%", 100.0 * (now - before) / before);
    }
}
