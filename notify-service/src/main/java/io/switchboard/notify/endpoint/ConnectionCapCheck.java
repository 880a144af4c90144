package io.switchboard.notify.endpoint;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.limit.TooManyConnections;
import io.switchboard.notify.config.NotifyLimits;
import io.switchboard.notify.service.SocketLeases;
import io.switchboard.notify.store.ConnectionLeases;
import io.switchboard.notify.store.ConnectionLeases.Lease;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses the upgrade with 429 problem+json {@code too_many_connections} (and {@code Retry-After}) when the
 * user ({@code sub}) already holds {@code notify.limits.connections-per-user} sockets across all replicas
 * (counted in Redis, {@link ConnectionLeases}). Runs after the security and Origin checks, so an upgrade they
 * refuse takes no place. If Redis cannot answer within {@code notify.limits.redis-timeout} the socket is let in
 * uncounted (fail open, one WARN per outage): a Redis blip must not lock every browser out.
 */
@ApplicationScoped
@Priority(ConnectionCapCheck.PRIORITY)
public class ConnectionCapCheck implements HttpUpgradeCheck {
    /** Below the default (0) of the other checks: the last to run, once the others let the upgrade through. */
    static final int PRIORITY = -100;

    private final ConnectionLeases leases;
    private final NotifyLimits limits;
    private final MeterRegistry registry;
    private final AtomicBoolean failingOpen = new AtomicBoolean();

    ConnectionCapCheck(ConnectionLeases leases, NotifyLimits limits, MeterRegistry registry) {
        this.leases = leases;
        this.limits = limits;
        this.registry = registry;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return context.securityIdentity().chain(identity -> {
            String userId = userId(identity);
            if (userId == null) {
                return CheckResult.permitUpgrade();
            }
            Lease lease = new Lease(userId, UUID.randomUUID().toString());
            return leases.acquire(lease)
                    .ifNoItem().after(limits.redisTimeout()).fail()
                    .onItemOrFailure().transformToUni((taken, failure) -> {
                        if (failure != null) {
                            leases.release(lease).subscribe().with(v -> { }, t -> { }); // in case it was taken after all
                            return failOpen(userId, failure);
                        }
                        if (failingOpen.compareAndSet(true, false)) {
                            Log.info("sockets per user are counted again (Redis answers)");
                        }
                        if (taken) {
                            context.userData().put(SocketLeases.KEY, lease);
                            return CheckResult.permitUpgrade();
                        }
                        meter("refused");
                        Log.debugf("[user %s] already holds %d sockets: refusing another with 429", userId, limits.connectionsPerUser());
                        return TooManyConnections.refuse(context.httpRequest().response(), limits.connectionRetryAfter().toSeconds(),
                                "at most " + limits.connectionsPerUser() + " open sockets per user");
                    });
        });
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return NotificationSocket.ID.equals(endpointId);
    }

    private Uni<CheckResult> failOpen(String userId, Throwable failure) {
        meter("fail_open");
        if (failingOpen.compareAndSet(false, true)) {
            Log.warnf("[user %s] sockets per user cannot be counted (%s): letting sockets in uncounted until Redis answers",
                    userId, failure.toString());
        }
        return CheckResult.permitUpgrade();
    }

    private void meter(String outcome) {
        registry.counter("switchboard.socket.limits", "endpoint", "notifications", "limit", "connections_per_user",
                "outcome", outcome).increment();
    }

    private static String userId(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        return identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : identity.getPrincipal().getName();
    }
}
