package io.switchboard.bench.sio;

/**
 * Tiny JSON scanning for {@link SocketIoClient}: enough to split an event array and to quote a string
 * without building a tree (the load generator reads every frame of thousands of sockets).
 */
final class JsonScan {
    private JsonScan() {
    }

    /** The text between the outer brackets of a JSON array starting at {@code from} (trimmed), or "" if none. */
    static String inner(String text, int from) {
        int start = skipSpace(text, from);
        int end = text.length() - 1;
        while (end > start && Character.isWhitespace(text.charAt(end))) {
            end--;
        }
        if (start >= end || text.charAt(start) != '[' || text.charAt(end) != ']') {
            return "";
        }
        return text.substring(start + 1, end).strip();
    }

    /**
     * The string value of member {@code name} in the JSON object text from {@code from}, found by its first
     * {@code "name":} (enough for flat objects such as {@code {"sid":"..","pid":".."}}), or null.
     */
    static String stringMember(String text, int from, String name) {
        String key = "\"" + name + "\":";
        int at = text.indexOf(key, from);
        if (at < 0) {
            return null;
        }
        int start = skipSpace(text, at + key.length());
        int end = valueEnd(text, start);
        return end < 0 || text.charAt(start) != '"' ? null : unquote(text, start, end);
    }

    static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index just past the JSON value starting at {@code i}, or -1 when it is malformed or truncated. */
    static int valueEnd(String s, int i) {
        int n = s.length();
        if (i >= n) {
            return -1;
        }
        char c = s.charAt(i);
        if (c == '"') {
            for (int j = i + 1; j < n; j++) {
                char d = s.charAt(j);
                if (d == '\\') {
                    j++;
                } else if (d == '"') {
                    return j + 1;
                }
            }
            return -1;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (int j = i; j < n; j++) {
                char d = s.charAt(j);
                if (d == '"') {
                    j = valueEnd(s, j) - 1;
                    if (j < 0) {
                        return -1;
                    }
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if ((d == '}' || d == ']') && --depth == 0) {
                    return j + 1;
                }
            }
            return -1;
        }
        int j = i;
        while (j < n && ",]} \t\r\n".indexOf(s.charAt(j)) < 0) {
            j++;
        }
        return j == i ? -1 : j;
    }

    /** Decodes the JSON string {@code s[from, to)} (quotes included). */
    static String unquote(String s, int from, int to) {
        String body = s.substring(from + 1, to - 1);
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 < body.length()) {
                        out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> out.append(e); // " \ /
            }
        }
        return out.toString();
    }

    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
