package io.switchboard.system.faults.chaos;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Requests by kind and outcome ("commands" / "200", "qr webhooks" / "503"...), counted from many threads. */
final class Outcomes {
    private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();

    void count(String kind, String outcome) {
        counts.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    void count(String kind, int status) {
        count(kind, status == 0 ? "no answer" : Integer.toString(status));
    }

    /** kind -> outcome -> count, sorted. */
    Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counts.forEach((kind, byOutcome) -> {
            Map<String, Long> m = new TreeMap<>();
            byOutcome.forEach((o, n) -> m.put(o, n.sum()));
            out.put(kind, m);
        });
        return out;
    }

    long total(String kind, String outcome) {
        Map<String, LongAdder> m = counts.get(kind);
        LongAdder n = m == null ? null : m.get(outcome);
        return n == null ? 0 : n.sum();
    }
}
