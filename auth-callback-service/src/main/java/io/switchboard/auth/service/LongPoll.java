package io.switchboard.auth.service;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.domain.LoginStatus;
import io.switchboard.auth.domain.QrLogin;
import io.switchboard.auth.domain.TooManyWaiters;
import io.switchboard.auth.store.LoginStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /api/qr-logins/{id}?waitSeconds=N}: answers at once when the state differs from the one the
 * page knows (or is final), else registers a waiter that the Redis subscription completes on the next
 * change, on whichever replica it happened. A timer ends the wait after N seconds or at the deadline.
 */
@ApplicationScoped
public class LongPoll {
    private static final Duration EXPIRY_SLACK = Duration.ofMillis(50);
    private final LoginReader reader;
    private final GrantDelivery grants;
    private final LoginListeners listeners;
    private final LoginStore store;

    private final QrTraces traces;

    LongPoll(LoginReader reader, GrantDelivery grants, LoginListeners listeners, LoginStore store, QrTraces traces) {
        this.reader = reader;
        this.grants = grants;
        this.listeners = listeners;
        this.store = store;
        this.traces = traces;
    }

    /**
     * @param waitSeconds 0..{@code qr.waiting.max-wait-seconds} (the resource checks the range)
     * @param known the state the page last saw, or null for "the state at arrival"
     */
    public Uni<LoginStatus> poll(String loginId, String bindingSecret, int waitSeconds, LoginState known) {
        return reader.findBound(loginId, bindingSecret).flatMap(login -> {
            LoginState base = known != null ? known : login.state();
            if (login.state() != base || !login.state().waitable() || waitSeconds == 0) {
                return grants.answer(login);
            }
            // woken by a traced change: the answer is qr.grant in the webhook's trace (root context otherwise)
            return awaitChange(login, base, waitSeconds)
                    .chain(trace -> traces.grant(trace, loginId, () -> reader.find(loginId).flatMap(grants::answer)));
        });
    }

    /** The trace context of the change that woke the poll (the root context when untraced, re-read or timed out). */
    private Uni<Context> awaitChange(QrLogin login, LoginState base, int waitSeconds) {
        Duration untilDeadline = Duration.between(Instant.now(), login.expiresAt()).plus(EXPIRY_SLACK);
        Duration max = Duration.ofSeconds(waitSeconds);
        Duration wait = untilDeadline.compareTo(max) < 0 ? untilDeadline : max;
        String baseState = base.wire();
        return Uni.createFrom().<Context>emitter(emitter -> {
            var listener = listeners.tryAdd(login.loginId(), LoginListeners.Kind.POLL, (state, trace) -> {
                if (state == null || !state.equals(baseState)) {
                    emitter.complete(trace);
                }
            });
            if (listener.isEmpty()) {
                emitter.fail(new TooManyWaiters());
                return;
            }
            emitter.onTermination(listener.get()::close);
            // a change between the first read and the registration would be missed: look once more
            store.state(login.loginId()).subscribe().with(state -> {
                if (!baseState.equals(state)) {
                    emitter.complete(Context.root());
                }
            }, emitter::fail);
        }).ifNoItem().after(wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait).recoverWithItem(Context.root());
    }
}
