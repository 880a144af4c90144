package io.switchboard.auth.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.domain.LoginNotFound;
import io.switchboard.auth.domain.LoginStatus;
import io.switchboard.auth.domain.SessionTokenUnavailable;
import io.switchboard.auth.service.GrantDelivery;
import io.switchboard.auth.service.LoginListeners;
import io.switchboard.auth.service.LoginReader;
import io.switchboard.auth.service.QrTraces;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.common.jsonrpc.JsonRpcFrames;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One push socket's state. A poke (a change heard from Redis, or the open) re-reads the login; reads run
 * one at a time and pokes meanwhile coalesce into one more read, so frames go out in order and a state is
 * never sent after a later one. A granted login is consumed here just as a poll would. A poke from a traced change
 * makes the next read, its answer and the frame's write {@code qr.grant} in that trace ({@link QrTraces}); of
 * coalesced pokes the last traced one wins.
 */
final class PushSession {
    private final WebSocketConnection connection;
    private final String loginId;
    private final LoginReader reader;
    private final GrantDelivery grants;
    private final ObjectMapper json;
    private final QrTraces traces;
    /** The trace of the latest traced poke not yet read (null: none), taken by the next read. */
    private volatile Context trace;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile int lastRank = -1;
    private volatile boolean finished;
    private volatile LoginListeners.Listener listener;

    PushSession(WebSocketConnection connection, String loginId, LoginReader reader, GrantDelivery grants, ObjectMapper json,
                QrTraces traces) {
        this.connection = connection;
        this.loginId = loginId;
        this.reader = reader;
        this.grants = grants;
        this.json = json;
        this.traces = traces;
    }

    void attach(LoginListeners.Listener l) {
        this.listener = l;
    }

    void detach() {
        finished = true;
        LoginListeners.Listener l = listener;
        if (l != null) {
            l.close();
        }
    }

    /** Re-read soon; {@code context} is the change's trace (the root context when untraced). */
    void poke(Context context) {
        if (Span.fromContext(context).getSpanContext().isValid()) {
            trace = context;
        }
        dirty.set(true);
        drain();
    }

    private void drain() {
        while (!finished && running.compareAndSet(false, true)) {
            if (dirty.getAndSet(false)) {
                Context traced = trace;
                trace = null;
                traces.grant(traced, loginId, this::refresh).subscribe().with(v -> done(), t -> {
                    Log.warnf("[login %s] push failed: %s", loginId, t.toString());
                    done();
                });
                return;
            }
            running.set(false);
            if (!dirty.get()) {
                return;
            }
        }
    }

    private void done() {
        running.set(false);
        drain();
    }

    private Uni<Void> refresh() {
        return reader.find(loginId).flatMap(grants::answer).flatMap(this::send)
                .onFailure(LoginNotFound.class).recoverWithUni(t -> finish(CloseCodes.NORMAL, "qr_login_not_found"))
                .onFailure(SessionTokenUnavailable.class).recoverWithUni(t -> finish(CloseCodes.SERVER_ERROR, "session_token_unavailable"));
    }

    private Uni<Void> send(LoginStatus status) {
        int rank = status.state().rank();
        if (rank <= lastRank || finished) {
            return Uni.createFrom().voidItem();
        }
        lastRank = rank;
        Uni<Void> sent = connection.sendText(JsonRpcFrames.notification("state", json.valueToTree(status)));
        if (status.grant() != null || !status.state().live()) {
            Log.debugf("[login %s] push sent %s, closing", loginId, status.state().wire());
            return sent.chain(() -> finish(CloseCodes.NORMAL, "login " + status.state().wire()));
        }
        return sent;
    }

    private Uni<Void> finish(int code, String reason) {
        detach();
        return connection.isOpen() ? connection.close(new CloseReason(code, reason)) : Uni.createFrom().voidItem();
    }
}
