package io.switchboard.notify.service;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Closes idle sockets (4000, reconnect) and sockets whose token expired (4501, get a new token first). */
@ApplicationScoped
class Housekeeping {
    private final OpenConnections connections;
    private final Outbound out;
    private final NotifyConfig config;

    Housekeeping(OpenConnections connections, Outbound out, NotifyConfig config) {
        this.connections = connections;
        this.out = out;
        this.config = config;
    }

    @Scheduled(every = "${notify.socket.sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long idleLimit = config.socket().idleTimeout().toNanos();
        Instant now = Instant.now();
        for (WebSocketConnection c : connections) {
            SocketSession s = c.userData().get(SocketSession.KEY);
            if (s == null || s.closing()) {
                continue;
            }
            if (now.isAfter(s.caller().tokenExpiry())) {
                Log.infof("[socket %s][user %s] token expired: closing with 4501", c.id(), s.caller().userId());
                out.close(c, s, CloseCodes.TOKEN_EXPIRED, "token expired");
            } else if (s.idleNanos() > idleLimit) {
                Log.infof("[socket %s][user %s] idle: closing with 4000", c.id(), s.caller().userId());
                out.close(c, s, CloseCodes.IDLE_TIMEOUT, "idle timeout");
            }
        }
    }
}
