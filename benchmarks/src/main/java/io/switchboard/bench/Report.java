package io.switchboard.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Prints benchmark figures as Markdown tables (milliseconds) on standard output: the report is the
 * benchmark's product, so it goes where a user redirects it; progress goes through System.Logger.
 */
final class Report {
    private Report() {
    }

    static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    static String row(String name, Histogram h) {
        return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |", name, h.getTotalCount(),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    static void commands(Histogram floor, Histogram sequential, int seqErrors, Histogram open, int rate, int openErrors,
                         int devices) {
        System.out.println();
        System.out.println("## Command round trip (HTTP -> Kafka -> gateway -> machine -> Kafka -> HTTP), " + devices + " simulated machines answering at once");
        System.out.println();
        header();
        System.out.println(row("Kafka floor: one produce-to-consume hop", floor));
        System.out.println(row("command round trip, one at a time", sequential));
        System.out.println(row("command round trip, open loop " + rate + "/s (from intended start)", open));
        System.out.println();
        double added = sequential.getValueAtPercentile(50) - 2 * floor.getValueAtPercentile(50);
        System.out.printf(Locale.ROOT, "platform adds %s ms at p50 over two Kafka hops (2 x %s ms); errors: %d sequential, %d open loop%n",
                ms(added), ms(floor.getValueAtPercentile(50)), seqErrors, openErrors);
    }

    static void fanOut(int sockets, int events, Histogram delivery, Histogram toLast, long received) {
        long expected = (long) sockets * events;
        System.out.println();
        System.out.printf(Locale.ROOT, "## Notification fan-out: %d sockets on one channel, %d events (POST /api/events -> socket)%n%n",
                sockets, events);
        header();
        System.out.println(row("one delivery (POST sent -> frame read)", delivery));
        System.out.println(row("time to the last socket of an event", toLast));
        System.out.printf(Locale.ROOT, "%ndeliveries: %d of %d expected (%d lost)%n", received, expected, expected - received);
    }

    private static void header() {
        System.out.println("| measurement | n | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|---|");
    }
}
