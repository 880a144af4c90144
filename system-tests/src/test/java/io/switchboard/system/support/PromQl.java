package io.switchboard.system.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric selectors a PromQL expression names, for checking dashboards and alert rules against what the
 * services export. A small tokenizer, not a full parser: identifiers followed by {@code (} are functions,
 * aggregation operators and keywords are skipped with their label lists ({@code by (...)}, {@code on (...)}),
 * ranges ({@code [5m]}, {@code [$__rate_interval]}) are skipped, and every other identifier is a metric name,
 * with the matchers in the braces after it.
 */
public final class PromQl {
    /** One label matcher: {@code op} is =, !=, =~ or !~. */
    public record LabelMatcher(String label, String op, String value) { }

    /** A metric named in an expression; {@code rangeFunction} is the function it is directly inside (rate, ...) or null. */
    public record Selector(String metric, List<LabelMatcher> matchers, String rangeFunction) { }

    /** Functions that only make sense over a counter (or a histogram's or summary's _count, _sum, _bucket). */
    public static final Set<String> COUNTER_FUNCTIONS = Set.of("rate", "increase", "irate", "resets");

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "count", "group", "stddev",
            "stdvar", "topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "atan2", "inf", "nan");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|[a-zA-Z_:][a-zA-Z0-9_:]*|\\$\\{?[a-zA-Z0-9_]+\\}?"
                    + "|[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?[a-z]*|=~|!~|!=|==|>=|<=|[-+*/%^<>=(){}\\[\\],@])");

    private PromQl() {
    }

    /** Every metric selector in {@code expr}, in order. */
    public static List<Selector> selectors(String expr) {
        List<String> t = tokens(expr);
        List<Selector> out = new ArrayList<>();
        Deque<String> calls = new ArrayDeque<>();
        for (int i = 0; i < t.size(); i++) {
            String tok = t.get(i);
            String next = i + 1 < t.size() ? t.get(i + 1) : "";
            if (tok.equals("[")) {
                i = skipTo(t, i, "]");
            } else if (tok.equals("(")) {
                calls.push("");
            } else if (tok.equals(")")) {
                calls.poll();
            } else if (LABEL_LISTS.contains(tok) && next.equals("(")) {
                i = skipTo(t, i + 1, ")");
            } else if (tok.equals("offset")) {
                i++; // its duration
            } else if (isIdentifier(tok) && next.equals("(")) {
                calls.push(tok);
                i++;
            } else if (isIdentifier(tok) && !AGGREGATIONS.contains(tok) && !KEYWORDS.contains(tok)) {
                List<LabelMatcher> matchers = new ArrayList<>();
                if (next.equals("{")) {
                    int end = skipTo(t, i + 1, "}");
                    for (int j = i + 2; j + 2 < end; j += 4) { // label op "value" [,]
                        matchers.add(new LabelMatcher(t.get(j), t.get(j + 1), unquote(t.get(j + 2))));
                    }
                    i = end;
                }
                String fn = calls.peek();
                out.add(new Selector(tok, List.copyOf(matchers), fn != null && COUNTER_FUNCTIONS.contains(fn) ? fn : null));
            }
        }
        return out;
    }

    private static int skipTo(List<String> t, int from, String closing) {
        for (int j = from; j < t.size(); j++) {
            if (t.get(j).equals(closing)) {
                return j;
            }
        }
        throw new IllegalArgumentException("no " + closing + " after token " + from + " in " + t);
    }

    private static boolean isIdentifier(String tok) {
        char c = tok.charAt(0);
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') ? s.substring(1, s.length() - 1).replace("\\\\", "\\") : s;
    }

    static List<String> tokens(String expr) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(expr);
        int at = 0;
        while (at < expr.length() && m.find(at) && m.start() == at) {
            out.add(m.group(1));
            at = m.end();
        }
        if (!expr.substring(at).isBlank()) {
            throw new IllegalArgumentException("cannot read PromQL at '" + expr.substring(at) + "' in: " + expr);
        }
        return out;
    }
}
