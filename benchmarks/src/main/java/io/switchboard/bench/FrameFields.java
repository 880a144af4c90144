package io.switchboard.bench;

/**
 * Members of a flat JSON frame found by their first {@code "name":}, without building a tree: enough for the
 * position ({@code offset}, {@code epoch}) in notify-service's event frames and subscribe answers, whose
 * event data in the benchmarks has no member of those names.
 */
final class FrameFields {
    private FrameFields() {
    }

    /** The number after the first {@code "name":} at or after {@code from}, or -1 when absent or not a whole number. */
    static long longMember(String text, int from, String name) {
        int i = valueStart(text, from, name);
        if (i < 0) {
            return -1;
        }
        int end = i;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return end == i ? -1 : Long.parseLong(text, i, end, 10);
    }

    /** The string after the first {@code "name":} at or after {@code from} (no escapes in it), or null (absent, null, not a string). */
    static String stringMember(String text, int from, String name) {
        int i = valueStart(text, from, name);
        if (i < 0 || i >= text.length() || text.charAt(i) != '"') {
            return null;
        }
        int end = text.indexOf('"', i + 1);
        return end < 0 ? null : text.substring(i + 1, end);
    }

    private static int valueStart(String text, int from, String name) {
        String key = "\"" + name + "\":";
        int at = text.indexOf(key, Math.max(0, from));
        if (at < 0) {
            return -1;
        }
        int i = at + key.length();
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
