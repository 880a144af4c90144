package io.switchboard.bench.baseline;

import java.util.HashMap;
import java.util.Map;

/** Command-line options of the baseline servers: {@code --name value} pairs over defaults; an unknown name is refused. */
final class Options {
    private Options() {
    }

    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> o = new HashMap<>(defaults);
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!o.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + o.keySet());
            }
            o.put(args[i], args[i + 1]);
        }
        return o;
    }
}
