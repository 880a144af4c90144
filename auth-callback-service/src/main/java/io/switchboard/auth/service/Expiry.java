package io.switchboard.auth.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.store.LoginStore;
import io.switchboard.auth.store.Outcome;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;

/**
 * Turns live logins past their deadline into {@code expired}, without polling Redis while nothing is due.
 * Each replica keeps one timer for the next deadline it knows of: the earliest in the shared deadline
 * index after its last sweep, or an earlier one it wrote itself since (a login it created, a grant it
 * applied, see {@link #wakeBy}). When the timer fires it sweeps the index (the store's script lets one
 * replica win each login) and sets the timer again. {@code qr.expiry.sweep-interval} bounds the wait, so a
 * login whose replica died is still expired by the others within that interval; a reader that finds a
 * login overdue expires it at once. Needs no keyspace notifications.
 */
@ApplicationScoped
class Expiry {
    /** Timers fire this much after a deadline, so the login is past it by the store's clock too. */
    private static final long SLACK_MS = 5;

    private final LoginStore store;
    private final TransitionLog transitions;
    private final QrConfig config;
    private final Vertx vertx;
    private long timerId = -1;
    private long timerAtMs = Long.MAX_VALUE;
    private boolean stopped;

    Expiry(LoginStore store, TransitionLog transitions, QrConfig config, Vertx vertx) {
        this.store = store;
        this.transitions = transitions;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        wakeBy(Instant.now());
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Makes sure this replica sweeps no later than {@code deadline} (plus a few milliseconds). */
    public synchronized void wakeBy(Instant deadline) {
        long at = deadline.toEpochMilli() + SLACK_MS;
        if (stopped || (timerId >= 0 && timerAtMs <= at)) {
            return;
        }
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        timerAtMs = at;
        timerId = vertx.setTimer(Math.max(1, at - System.currentTimeMillis()), id -> fire());
    }

    private void fire() {
        synchronized (this) {
            timerId = -1;
            timerAtMs = Long.MAX_VALUE;
        }
        sweep().subscribe().with(this::wakeBy, t -> wakeBy(Instant.now().plus(config.expiry().sweepInterval())));
    }

    public Uni<Void> expire(String loginId) {
        return store.expire(loginId, Instant.now())
                .invoke(o -> {
                    if (o.is(Outcome.Kind.OK)) {
                        transitions.recorded(loginId, LoginState.EXPIRED, o.previousOr(null), o.outboxDepth());
                    }
                })
                .onFailure().invoke(t -> Log.warnf("[login %s] expiry failed: %s", loginId, t.getMessage()))
                .replaceWithVoid();
    }

    /** Expires what is due and answers when to look again. */
    Uni<Instant> sweep() {
        Instant now = Instant.now();
        Instant backstop = now.plus(config.expiry().sweepInterval());
        int batch = config.expiry().sweepBatch();
        return store.due(now, batch)
                .flatMap(ids -> expireAll(ids).replaceWith(ids.size()))
                .flatMap(n -> n >= batch ? Uni.createFrom().item(Instant.now()) // more are due: go on at once
                        : store.nextDeadline().map(next -> next.filter(backstop::isAfter).orElse(backstop)))
                .onFailure().invoke(t -> Log.warnf("expiry sweep failed: %s", t.getMessage()));
    }

    private Uni<Void> expireAll(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndMerge(id -> expire(id).onFailure().recoverWithNull())
                .collect().last().replaceWithVoid();
    }
}
