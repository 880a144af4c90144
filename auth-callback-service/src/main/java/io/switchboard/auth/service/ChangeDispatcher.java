package io.switchboard.auth.service;

import io.quarkus.logging.Log;
import io.switchboard.auth.messaging.OutboxRelay;
import io.switchboard.auth.store.ChangeSink;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands the state changes Redis pub/sub reports to this process's waiters, and wakes the outbox relay: every
 * change came with a business-log record, and the replica that wrote it may be gone.
 */
@ApplicationScoped
public class ChangeDispatcher implements ChangeSink {
    private final LoginListeners listeners;
    private final OutboxRelay relay;

    ChangeDispatcher(LoginListeners listeners, OutboxRelay relay) {
        this.listeners = listeners;
        this.relay = relay;
    }

    @Override
    public void changed(String loginId, String state) {
        Log.debugf("[login %s] change to %s heard", loginId, state);
        listeners.dispatch(loginId, state);
        relay.wake();
    }

    @Override
    public void resync() {
        Log.infof("re-reading %d waiting logins after a pub/sub reconnect", listeners.size());
        listeners.dispatchAll();
        relay.wake();
    }
}
