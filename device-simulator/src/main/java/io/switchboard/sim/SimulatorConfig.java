package io.switchboard.sim;

import java.net.URI;
import java.util.function.Function;

/**
 * How simulated machines behave.
 *
 * @param uri          the gateway's device link, e.g. {@code ws://127.0.0.1:8081/devices/ws}
 * @param tokens       a device token for a device id
 * @param delayMs      how long a machine takes to carry out a command
 * @param failureRate  share of commands answered with a JSON-RPC error (0..1)
 * @param minBackoffMs first reconnect delay
 * @param maxBackoffMs reconnect delay cap
 */
public record SimulatorConfig(URI uri, Function<String, String> tokens, long delayMs, double failureRate,
                              long minBackoffMs, long maxBackoffMs) {

    public SimulatorConfig withDelayMs(long delay) {
        return new SimulatorConfig(uri, tokens, delay, failureRate, minBackoffMs, maxBackoffMs);
    }

    public SimulatorConfig withFailureRate(double rate) {
        return new SimulatorConfig(uri, tokens, delayMs, rate, minBackoffMs, maxBackoffMs);
    }

    public SimulatorConfig withUri(URI other) {
        return new SimulatorConfig(other, tokens, delayMs, failureRate, minBackoffMs, maxBackoffMs);
    }
}
