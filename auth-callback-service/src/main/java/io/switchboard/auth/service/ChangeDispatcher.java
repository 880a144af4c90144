package io.switchboard.auth.service;

import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.auth.domain.LoginChange;
import io.switchboard.auth.messaging.OutboxRelay;
import io.switchboard.auth.store.ChangeFeed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Hands the state changes Redis pub/sub reports ({@link ChangeFeed}) to this process's waiters, and wakes the
 * outbox relay: every change came with a business-log record, and the replica that wrote it may be gone.
 * Called on a Vert.x event loop: never blocks.
 */
@ApplicationScoped
class ChangeDispatcher {
    private final ChangeFeed feed;
    private final LoginListeners listeners;
    private final OutboxRelay relay;
    private final QrTraces traces;

    ChangeDispatcher(ChangeFeed feed, LoginListeners listeners, OutboxRelay relay, QrTraces traces) {
        this.feed = feed;
        this.listeners = listeners;
        this.relay = relay;
        this.traces = traces;
    }

    void listen(@Observes StartupEvent start) {
        feed.listen(this::changed, this::resync);
    }

    /**
     * A login changed state (on this or any other replica); in the webhook's trace when the message names it and
     * this process holds a waiter of that login (every replica hears every change: the others add no span).
     */
    void changed(LoginChange change) {
        Log.debugf("[login %s] change to %s heard", change.loginId(), change.state());
        if (change.traceparent() == null || !listeners.waiting(change.loginId())) {
            listeners.dispatch(change.loginId(), change.state(), Context.root());
        } else {
            traces.wake(change, trace -> listeners.dispatch(change.loginId(), change.state(), trace));
        }
        relay.wake();
    }

    /** The subscription was re-established: changes may have been missed, everyone re-reads. */
    void resync() {
        Log.infof("re-reading %d waiting logins after a pub/sub reconnect", listeners.size());
        listeners.dispatchAll();
        relay.wake();
    }
}
