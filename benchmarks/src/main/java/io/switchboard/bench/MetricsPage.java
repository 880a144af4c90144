package io.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One reading of a service's {@code /q/metrics} (Prometheus text format, as Quarkus' Micrometer registry
 * writes it): the samples, each a name, its tags and a value. Comment lines are skipped.
 */
record MetricsPage(List<Sample> samples) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One line: {@code name{tag="value",...} 12.0}. */
    record Sample(String name, Map<String, String> tags, double value) {
    }

    /** Reads {@code <base>/q/metrics}. */
    static MetricsPage read(URI base) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(base + "/q/metrics answered " + r.statusCode());
            }
            return parse(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static MetricsPage parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                samples.add(sample(l));
            }
        }
        return new MetricsPage(samples);
    }

    /** The samples named {@code name} whose tag {@code tag} is present and matches {@code value}. */
    List<Sample> find(String name, String tag, Predicate<String> value) {
        return samples.stream().filter(s -> s.name().equals(name) && s.tags().containsKey(tag) && value.test(s.tags().get(tag))).toList();
    }

    /** The sum of {@link #find}'s values (0 when none). */
    double sum(String name, String tag, Predicate<String> value) {
        return find(name, tag, value).stream().mapToDouble(Sample::value).sum();
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> tags = new LinkedHashMap<>();
        if (brace < 0 || (space >= 0 && space < brace)) {
            return new Sample(line.substring(0, space), tags, value(line.substring(space)));
        }
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            StringBuilder value = new StringBuilder();
            int j = line.indexOf('"', eq) + 1;
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            tags.put(line.substring(i, eq).strip(), value.toString());
            i = j + 1;
            while (line.charAt(i) == ',' || line.charAt(i) == ' ') {
                i++;
            }
        }
        return new Sample(line.substring(0, brace), tags, value(line.substring(i + 1)));
    }

    /** The value after the name and tags (an optional timestamp after it is ignored). */
    private static double value(String rest) {
        String v = rest.strip().split("\\s+")[0];
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v); // "NaN" included
        };
    }
}
