package io.switchboard.notify.service;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.store.ConnectionLeases;
import io.switchboard.notify.store.ConnectionLeases.Lease;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The leases of this replica's sockets in their users' counts ({@link ConnectionLeases}): taken at the upgrade
 * (the lease rides in the connection's {@code userData()}), refreshed every {@code notify.limits.connection-lease-refresh}
 * while the socket is open, and released when it closes.
 */
@ApplicationScoped
public class SocketLeases {
    /** The socket's lease, seeded at the upgrade; absent when Redis could not count it (fail open). */
    public static final UserData.TypedKey<Lease> KEY = new UserData.TypedKey<>("switchboard.notify.lease");

    private final ConnectionLeases leases;
    private final OpenConnections connections;

    SocketLeases(ConnectionLeases leases, OpenConnections connections) {
        this.leases = leases;
        this.connections = connections;
    }

    /** Gives the closed socket's place back to its user; a lease that cannot be removed ends by itself. */
    public void closed(WebSocketConnection connection) {
        Lease lease = connection.userData().remove(KEY);
        if (lease != null) {
            leases.release(lease).subscribe().with(v -> { }, t -> Log.debugf(
                    "[socket %s][user %s] lease not released (%s): it ends by itself", connection.id(), lease.userId(), t.getMessage()));
        }
    }

    @Scheduled(every = "${notify.limits.connection-lease-refresh:20s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        List<Lease> held = new ArrayList<>();
        for (WebSocketConnection c : connections) {
            Lease lease = c.userData().get(KEY);
            if (lease != null && c.isOpen()) {
                held.add(lease);
            }
        }
        return leases.refresh(held)
                .invoke(n -> Log.debugf("socket leases refreshed: %d of %d", n, (Object) held.size()))
                .onFailure().invoke(t -> Log.warnf("socket leases not refreshed (%s): they end after notify.limits.connection-lease"
                        + " unless a later refresh succeeds", t.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
