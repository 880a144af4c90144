package io.switchboard.auth.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.messaging.QrEventPublisher;
import io.switchboard.auth.store.LoginStore;
import io.switchboard.auth.store.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Turns live logins past their deadline into {@code expired}: on the deadline marker's keyspace event
 * (every replica tries, the store's script lets one win) or when a reader finds a login overdue.
 */
@ApplicationScoped
public class Expiry {
    private final LoginStore store;
    private final QrEventPublisher events;

    Expiry(LoginStore store, QrEventPublisher events) {
        this.store = store;
        this.events = events;
    }

    public Uni<Void> expire(String loginId) {
        return store.expire(loginId, Instant.now())
                .invoke(o -> {
                    if (o.is(Outcome.Kind.OK)) {
                        events.publish(loginId, LoginState.EXPIRED, o.previousOr(null), null);
                    }
                })
                .onFailure().invoke(t -> Log.warnf("[login %s] expiry failed: %s", loginId, t.getMessage()))
                .replaceWithVoid();
    }
}
