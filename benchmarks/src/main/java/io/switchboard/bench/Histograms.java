package io.switchboard.bench;

import org.HdrHistogram.Histogram;

/** The load generator's latency histograms: nanoseconds, up to 60 s, three significant digits. */
final class Histograms {
    private Histograms() {
    }

    static Histogram latency() {
        return new Histogram(60_000_000_000L, 3);
    }
}
