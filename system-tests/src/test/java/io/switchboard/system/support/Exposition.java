package io.switchboard.system.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Prometheus text exposition ({@code /q/metrics}): the samples by name with their labels, and each family's type. */
public final class Exposition {
    private static final List<String> SUFFIXES = List.of("_total", "_bucket", "_count", "_sum", "_created");

    private final Map<String, List<Map<String, String>>> samples = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();

    /** Adds one scrape (several may be merged: one per service). */
    public Exposition add(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                types.put(p[2], p[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int exemplar = line.indexOf(" # "); // OpenMetrics: " # {span_id=...,trace_id=...} value time" after a sample
                line = exemplar >= 0 ? line.substring(0, exemplar) : line;
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                boolean labelled = brace >= 0 && brace < space;
                String name = line.substring(0, labelled ? brace : space);
                Map<String, String> labels = labelled ? labels(line.substring(brace + 1, line.lastIndexOf('}'))) : Map.of();
                samples.computeIfAbsent(name, k -> new ArrayList<>()).add(labels);
            }
        }
        return this;
    }

    /** The label sets of every sample with this exact name (empty when there is none). */
    public List<Map<String, String>> samples(String name) {
        return samples.getOrDefault(name, List.of());
    }

    /**
     * The type of the family a sample name belongs to: its own {@code # TYPE} line, or the one of the name
     * without its counter, histogram or summary suffix.
     */
    public Optional<String> type(String sampleName) {
        if (types.containsKey(sampleName)) {
            return Optional.of(types.get(sampleName));
        }
        for (String s : SUFFIXES) {
            if (sampleName.endsWith(s)) {
                String family = sampleName.substring(0, sampleName.length() - s.length());
                if (types.containsKey(family)) {
                    return Optional.of(types.get(family));
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> labels(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            String key = s.substring(i, eq).trim();
            StringBuilder v = new StringBuilder();
            int j = eq + 2; // past ="
            while (s.charAt(j) != '"') {
                if (s.charAt(j) == '\\') {
                    j++;
                }
                v.append(s.charAt(j++));
            }
            out.put(key, v.toString());
            i = j + 1;
            while (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == ' ')) {
                i++;
            }
        }
        return out;
    }
}
