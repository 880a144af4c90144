package io.switchboard.auth.service;

import io.quarkus.logging.Log;
import io.switchboard.auth.store.ChangeSink;
import jakarta.enterprise.context.ApplicationScoped;

/** Hands what Redis pub/sub reports to this process's waiters, and deadlines to {@link Expiry}. */
@ApplicationScoped
public class ChangeDispatcher implements ChangeSink {
    private final LoginListeners listeners;
    private final Expiry expiry;

    ChangeDispatcher(LoginListeners listeners, Expiry expiry) {
        this.listeners = listeners;
        this.expiry = expiry;
    }

    @Override
    public void changed(String loginId, String state) {
        Log.debugf("[login %s] change to %s heard", loginId, state);
        listeners.dispatch(loginId, state);
    }

    @Override
    public void deadlinePassed(String loginId) {
        expiry.expire(loginId).subscribe().with(v -> { }, t -> { });
    }

    @Override
    public void resync() {
        Log.infof("re-reading %d waiting logins after a pub/sub reconnect", listeners.size());
        listeners.dispatchAll();
    }
}
