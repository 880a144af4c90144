package io.switchboard.auth.service;

import io.quarkus.logging.Log;
import io.switchboard.auth.store.ChangeSink;
import jakarta.enterprise.context.ApplicationScoped;

/** Hands the state changes Redis pub/sub reports to this process's waiters. */
@ApplicationScoped
public class ChangeDispatcher implements ChangeSink {
    private final LoginListeners listeners;

    ChangeDispatcher(LoginListeners listeners) {
        this.listeners = listeners;
    }

    @Override
    public void changed(String loginId, String state) {
        Log.debugf("[login %s] change to %s heard", loginId, state);
        listeners.dispatch(loginId, state);
    }

    @Override
    public void resync() {
        Log.infof("re-reading %d waiting logins after a pub/sub reconnect", listeners.size());
        listeners.dispatchAll();
    }
}
