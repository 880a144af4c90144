package io.switchboard.common.config;

import java.util.Locale;

/** A configuration key a service cannot serve its flows without, and what is wrong with it. */
public record ConfigProblem(String key, String reason) {

    /** The environment variable an operator sets for {@code key} (MicroProfile Config's mapping). */
    public String envName() {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key + " (env " + envName() + "): " + reason;
    }
}
