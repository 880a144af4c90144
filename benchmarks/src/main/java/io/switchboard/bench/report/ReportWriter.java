package io.switchboard.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The suite's product: one Markdown report with tables and links to PNG plots, and the raw figures as
 * CSV files beside it. Sections are appended as scenarios finish and the report is rewritten each time,
 * so a run that fails half-way still leaves what it measured.
 */
public final class ReportWriter {
    private final Path dir;
    private final List<String> lines = new ArrayList<>();

    public ReportWriter(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public ReportWriter heading(int level, String text) {
        lines.add("");
        lines.add("#".repeat(level) + " " + text);
        lines.add("");
        return this;
    }

    public ReportWriter para(String text) {
        lines.add(text);
        lines.add("");
        return this;
    }

    public ReportWriter bullet(String text) {
        lines.add("- " + text);
        return this;
    }

    public ReportWriter table(List<String> header, List<List<String>> rows) {
        lines.add("| " + String.join(" | ", header) + " |");
        lines.add("|" + header.stream().map(h -> "---").collect(Collectors.joining("|")) + "|");
        for (List<String> row : rows) {
            lines.add("| " + String.join(" | ", row) + " |");
        }
        lines.add("");
        return this;
    }

    public ReportWriter image(String png, String alt) {
        lines.add("![" + alt + "](" + png + ")");
        lines.add("");
        return this;
    }

    /** Writes {@code <name>.csv} beside the report (values as given, comma-separated, header first). */
    public void csv(String name, List<String> header, List<List<?>> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (List<?> row : rows) {
            sb.append(row.stream().map(v -> v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v))
                    .collect(Collectors.joining(","))).append('\n');
        }
        write(dir.resolve(name + ".csv"), sb.toString());
    }

    /** Writes report.md with everything so far. */
    public void flush() {
        write(dir.resolve("report.md"), String.join("\n", lines).stripLeading() + "\n");
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- formatting ---------------------------------------------------------------------------

    public static String ms(double nanos) {
        return String.format(Locale.ROOT, nanos >= 1e9 ? "%.0f" : "%.2f", nanos / 1e6);
    }

    public static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    public static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1fx", v) : "n/a";
    }

    /** The latency columns every latency table uses. */
    public static final List<String> LATENCY_HEADER = List.of("n", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");

    public static List<String> latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return List.of("0", "-", "-", "-", "-", "-");
        }
        return List.of(Long.toString(h.getTotalCount()), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    /** CSV cells for a latency histogram, in milliseconds: n, p50, p90, p99, p99.9, max. */
    public static List<Object> latencyCsv(Histogram h) {
        if (h.getTotalCount() == 0) {
            return List.of(0L, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return List.of(h.getTotalCount(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6,
                h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
    }

    public static final List<String> LATENCY_CSV_HEADER = List.of("n", "p50_ms", "p90_ms", "p99_ms", "p99_9_ms", "max_ms");
}
