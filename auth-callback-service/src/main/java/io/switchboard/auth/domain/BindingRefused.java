package io.switchboard.auth.domain;

/** A login asked for by a browser that does not hold its binding cookie: none was sent, or another one. */
public final class BindingRefused extends RuntimeException {
    /** What the browser sent. */
    public enum Reason { MISSING, MISMATCH }

    private final Reason reason;

    public BindingRefused(Reason reason) {
        super("binding " + reason.name().toLowerCase(java.util.Locale.ROOT), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
