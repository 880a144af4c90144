package io.switchboard.auth.store;

import io.switchboard.auth.domain.LoginState;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What a store script did. {@code previous} is the state before the script ran (empty when unknown);
 * {@code userJson} and {@code grantedAt} are set only when a grant was consumed; {@code outboxDepth} is the
 * outbox's depth after the script appended the change's business-log record, or -1 when it wrote none.
 */
public record Outcome(Kind kind, Optional<LoginState> previous, String userJson, Instant grantedAt, long outboxDepth) {

    public enum Kind {
        /** The change was made (and published). */
        OK,
        /** The webhook id was seen before: nothing done. */
        DUPLICATE,
        /** Nothing to do (already in that state, or not in a state the script acts on). */
        UNCHANGED,
        /** The transition is not allowed from the current state. */
        INVALID,
        /** No such login. */
        UNKNOWN,
        /** The login was past its deadline: the script expired it (and published) instead. */
        EXPIRED_NOW
    }

    static Outcome of(String kind, String previous, long outboxDepth) {
        return new Outcome(Kind.valueOf(kind.toUpperCase(Locale.ROOT)), LoginState.parse(previous), null, null,
                outboxDepth);
    }

    /** Whether the script appended a business-log record (it did for every change it made). */
    public boolean recorded() {
        return outboxDepth >= 0;
    }

    public boolean is(Kind k) {
        return kind == k;
    }

    public LoginState previousOr(LoginState fallback) {
        return previous.orElse(fallback);
    }

    Outcome withGrant(String user, Instant at) {
        return new Outcome(kind, previous, user, at, outboxDepth);
    }
}
