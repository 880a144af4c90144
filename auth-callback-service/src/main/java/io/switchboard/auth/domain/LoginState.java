package io.switchboard.auth.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * A QR login's state. It only moves forward: {@code pending -> scanned -> granted -> consumed}, with
 * {@code denied} and {@code expired} as the other ends.
 */
public enum LoginState {
    PENDING, SCANNED, GRANTED, DENIED, EXPIRED, CONSUMED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LoginState> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (LoginState s : values()) {
            if (s.wire().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Still open: it can move on, and it expires when its deadline passes. */
    public boolean live() {
        return this == PENDING || this == SCANNED || this == GRANTED;
    }

    /** A long-poll waits in these states; in any other it answers at once. */
    public boolean waitable() {
        return this == PENDING || this == SCANNED;
    }

    /** Order of progress: a push never sends a state of lower rank after a higher one. */
    public int rank() {
        return switch (this) {
            case PENDING -> 0;
            case SCANNED -> 1;
            case GRANTED -> 2;
            default -> 3;
        };
    }
}
