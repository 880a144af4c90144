package io.switchboard.command.domain;

import java.util.Locale;

/** Life of a command: accepted -> sent -> delivered -> succeeded | failed | timed_out | expired. */
public enum CommandStatus {
    ACCEPTED, SENT, DELIVERED, SUCCEEDED, FAILED, TIMED_OUT, EXPIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CommandStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean terminal() {
        return ordinal() >= SUCCEEDED.ordinal();
    }
}
