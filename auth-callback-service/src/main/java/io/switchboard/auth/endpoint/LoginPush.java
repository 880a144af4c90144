package io.switchboard.auth.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.auth.service.GrantDelivery;
import io.switchboard.auth.service.LoginListeners;
import io.switchboard.auth.service.LoginReader;
import io.switchboard.auth.service.QrTraces;
import io.switchboard.common.jsonrpc.CloseCodes;
import jakarta.enterprise.context.ApplicationScoped;

/** Ties a push socket to its login's changes: one listener per socket, one {@link PushSession} in its user data. */
@ApplicationScoped
class LoginPush {
    static final UserData.TypedKey<PushSession> SESSION = new UserData.TypedKey<>("qr-push-session");
    private final LoginListeners listeners;
    private final LoginReader reader;
    private final GrantDelivery grants;
    private final ObjectMapper json;
    private final QrTraces traces;

    LoginPush(LoginListeners listeners, LoginReader reader, GrantDelivery grants, ObjectMapper json, QrTraces traces) {
        this.listeners = listeners;
        this.reader = reader;
        this.grants = grants;
        this.json = json;
        this.traces = traces;
    }

    void opened(WebSocketConnection connection, String loginId) {
        PushSession session = new PushSession(connection, loginId, reader, grants, json, traces);
        var listener = listeners.tryAdd(loginId, LoginListeners.Kind.PUSH, (state, trace) -> session.poke(trace));
        if (listener.isEmpty()) {
            connection.close(new CloseReason(CloseCodes.TRY_AGAIN_LATER, "too many waiters")).subscribe().with(v -> { }, t -> { });
            return;
        }
        session.attach(listener.get());
        connection.userData().put(SESSION, session);
        Log.debugf("[login %s] push socket open", loginId);
        session.poke(Context.root());
    }

    void closed(WebSocketConnection connection) {
        PushSession session = connection.userData().get(SESSION);
        if (session != null) {
            session.detach();
        }
    }
}
