package io.switchboard.sim;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's command line: every option with its default and meaning, {@code --help}/{@code -h}, and the
 * parse. A CLI's usage text goes to stdout (help) or stderr (a mistake), the one place the project prints
 * instead of logging; the streams are passed in so tests can read them.
 */
final class SimulatorOptions {
    /** The exit status after a usage mistake (unknown option, missing or bad value). */
    static final int USAGE_ERROR = 2;

    /** One {@code --name value} option. */
    record Option(String name, String defaultValue, String meaning) { }

    static final List<Option> OPTIONS = List.of(
            new Option("--url", "ws://127.0.0.1:8081/devices/ws", "the gateway's device link"),
            new Option("--devices", "3", "how many machines to simulate"),
            new Option("--prefix", "kiosk-", "device ids are <prefix>1 .. <prefix>N"),
            new Option("--delay-ms", "200", "how long a machine takes to carry out a command"),
            new Option("--failure-rate", "0.0", "share of commands answered with a JSON-RPC error (0..1)"),
            new Option("--key", ".run/keys/privateKey.pem", "PEM private key that signs the device tokens"),
            new Option("--issuer", "https://switchboard.local/issuer", "the tokens' iss"),
            new Option("--status-interval-s", "30", "seconds between the status notifications each machine sends"));

    private static final List<String> WHOLE_NUMBERS = List.of("--devices", "--delay-ms", "--status-interval-s");

    private SimulatorOptions() {
    }

    /** The outcome of a parse: run with these values, or exit with this status (usage already printed). */
    sealed interface Parsed {
        record Run(Map<String, String> values) implements Parsed { }

        record Exit(int status) implements Parsed { }
    }

    static Parsed parse(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> values = new LinkedHashMap<>();
        OPTIONS.forEach(o -> values.put(o.name(), o.defaultValue()));
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                out.println(usage());
                return new Parsed.Exit(0);
            }
        }
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!values.containsKey(name)) {
                return mistake(err, "unknown option " + name);
            }
            if (i + 1 == args.length) {
                return mistake(err, name + " needs a value");
            }
            if (!readable(name, args[i + 1])) {
                String wanted = name.equals("--failure-rate") ? "a number from 0 to 1" : "a whole number >= 0";
                return mistake(err, name + " needs " + wanted + ", not '" + args[i + 1] + "'");
            }
            values.put(name, args[i + 1]);
        }
        return new Parsed.Run(values);
    }

    static String usage() {
        StringBuilder s = new StringBuilder("""
                usage: java -jar device-simulator/target/device-simulator-*-all.jar [--option value ...]
                Simulated machines on the device link: each answers commands after a delay, fails a share of them,
                answers a redelivered command id from memory and reconnects with jittered backoff.
                options (default in brackets):""");
        for (Option o : OPTIONS) {
            s.append(String.format("%n  %-20s %s [%s]", o.name(), o.meaning(), o.defaultValue()));
        }
        s.append(String.format("%n  %-20s %s", "-h, --help", "this text"));
        return s.toString();
    }

    private static Parsed mistake(PrintStream err, String what) {
        err.println(what);
        err.println(usage());
        return new Parsed.Exit(USAGE_ERROR);
    }

    private static boolean readable(String name, String value) {
        try {
            if (WHOLE_NUMBERS.contains(name)) {
                return Long.parseLong(value) >= 0;
            }
            if (name.equals("--failure-rate")) {
                double rate = Double.parseDouble(value);
                return rate >= 0 && rate <= 1;
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
