package io.switchboard.auth.service;

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

    LongPoll(LoginReader reader, GrantDelivery grants, LoginListeners listeners, LoginStore store) {
        this.reader = reader;
        this.grants = grants;
        this.listeners = listeners;
        this.store = store;
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
            return awaitChange(login, base, waitSeconds)
                    .chain(() -> reader.find(loginId))
                    .flatMap(grants::answer);
        });
    }

    private Uni<Void> awaitChange(QrLogin login, LoginState base, int waitSeconds) {
        Duration untilDeadline = Duration.between(Instant.now(), login.expiresAt()).plus(EXPIRY_SLACK);
        Duration max = Duration.ofSeconds(waitSeconds);
        Duration wait = untilDeadline.compareTo(max) < 0 ? untilDeadline : max;
        String baseState = base.wire();
        return Uni.createFrom().<Void>emitter(emitter -> {
            var listener = listeners.tryAdd(login.loginId(), LoginListeners.Kind.POLL, state -> {
                if (state == null || !state.equals(baseState)) {
                    emitter.complete(null);
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
                    emitter.complete(null);
                }
            }, emitter::fail);
        }).ifNoItem().after(wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait).recoverWithItem((Void) null);
    }
}
