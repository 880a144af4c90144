package io.switchboard.command.domain;

import java.util.Locale;

/**
 * Life of a command: accepted -> sent -> delivered -> succeeded | failed | timed_out | expired; one that waits for an
 * offline machine: queued -> delivered -> ..., or queued -> expired | cancelled.
 */
public enum CommandStatus {
    ACCEPTED, QUEUED, SENT, DELIVERED, SUCCEEDED, FAILED, TIMED_OUT, EXPIRED, CANCELLED;

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
