package io.switchboard.auth.service;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.messaging.QrEventPublisher;
import io.switchboard.auth.store.LoginStore;
import io.switchboard.auth.store.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Turns live logins past their deadline into {@code expired}: every {@code qr.expiry.sweep-interval} from
 * the deadline index (every replica sweeps; the store's script lets one win), and at once when a reader
 * finds a login overdue. Needs no keyspace notifications.
 */
@ApplicationScoped
public class Expiry {
    private final LoginStore store;
    private final QrEventPublisher events;
    private final QrConfig config;

    Expiry(LoginStore store, QrEventPublisher events, QrConfig config) {
        this.store = store;
        this.events = events;
        this.config = config;
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

    @Scheduled(every = "${qr.expiry.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return store.due(Instant.now(), config.expiry().sweepBatch())
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndMerge(id -> expire(id).onFailure().recoverWithNull())
                .collect().last().replaceWithVoid()
                .onFailure().invoke(t -> Log.warnf("expiry sweep failed: %s", t.getMessage()))
                .onFailure().recoverWithNull();
    }
}
