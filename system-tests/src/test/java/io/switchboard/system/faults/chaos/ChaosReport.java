package io.switchboard.system.faults.chaos;

import java.util.List;
import java.util.Map;

/** The chaos run's table (Markdown): requests by outcome, each fault with its recovery, and the counts. */
final class ChaosReport {
    private ChaosReport() {
    }

    static String table(long seed, long seconds, long drainMillis, Outcomes outcomes, List<FaultInjector.Fault> faults,
                        CommandTraffic commands, QrTraffic logins, EventTraffic events) {
        StringBuilder t = new StringBuilder();
        t.append("## Chaos run: seed ").append(seed).append(", ").append(seconds).append(" s of traffic, ")
                .append(faults.size()).append(" faults, drain ").append(drainMillis).append(" ms\n\n");
        t.append("Reproduce: scripts/chaos.sh --seed ").append(seed).append(" --seconds ").append(seconds).append("\n\n");
        t.append("| requests | outcome | count |\n|---|---|---:|\n");
        for (Map.Entry<String, Map<String, Long>> kind : outcomes.snapshot().entrySet()) {
            kind.getValue().forEach((outcome, n) -> t.append("| ").append(kind.getKey()).append(" | ").append(outcome)
                    .append(" | ").append(n).append(" |\n"));
        }
        t.append("\n| at s | fault | down ms | recovered in ms |\n|---:|---|---:|---:|\n");
        for (FaultInjector.Fault f : faults) {
            t.append("| ").append(f.atSeconds()).append(" | ").append(f.what()).append(" | ").append(f.downMillis())
                    .append(" | ").append(f.recoveredMillis()).append(" |\n");
        }
        t.append("\n| check | count |\n|---|---:|\n");
        row(t, "commands (distinct Idempotency-Keys)", commands.keys());
        row(t, "commands without a 200 after every attempt (outcome unknown)", commands.unresolved());
        row(t, "**acted twice**", commands.actedTwice());
        row(t, "command frames redelivered (answered from the machine's memory)", commands.redelivered());
        row(t, "events accepted (acked by Kafka or 202)", events.accepted());
        row(t, "**lost events** (accepted, missing on a subscribed socket)", events.lost());
        row(t, "event deliveries twice on one socket", events.duplicates());
        row(t, "resubscribes answered recovered: false", events.resets());
        row(t, "logins granted (webhook 2xx)", logins.granted());
        row(t, "**lost logins** (granted, never reached the browser)", logins.lost());
        row(t, "logins whose grant reached a browser twice", logins.grantedTwice());
        return t.toString();
    }

    private static void row(StringBuilder t, String what, long n) {
        t.append("| ").append(what).append(" | ").append(n).append(" |\n");
    }
}
