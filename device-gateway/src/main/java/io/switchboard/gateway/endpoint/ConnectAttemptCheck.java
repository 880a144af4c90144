package io.switchboard.gateway.endpoint;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.limit.TooManyConnections;
import io.switchboard.gateway.config.GatewayLimits;
import io.switchboard.gateway.store.ConnectAttempts;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses the upgrade with 429 problem+json {@code too_many_connections} (and {@code Retry-After}) when the
 * device id ({@code sub}) made more than {@code gateway.limits.connect-attempts} attempts within
 * {@code gateway.limits.connect-window}, across gateways: a device reconnecting in a tight loop would
 * otherwise churn its presence and lifecycle events. Runs after the security check (an anonymous or
 * forbidden upgrade is refused before anything is counted). If Redis cannot count in time the attempt is let
 * in (fail open, one WARN per outage): a Redis blip must not lock the fleet out.
 */
@ApplicationScoped
@Priority(ConnectAttemptCheck.PRIORITY)
public class ConnectAttemptCheck implements HttpUpgradeCheck {
    /** Below the default (0) of the other checks: the last to run, once the others let the upgrade through. */
    static final int PRIORITY = -100;

    private final ConnectAttempts attempts;
    private final GatewayLimits limits;
    private final MeterRegistry registry;
    private final AtomicBoolean failingOpen = new AtomicBoolean();

    ConnectAttemptCheck(ConnectAttempts attempts, GatewayLimits limits, MeterRegistry registry) {
        this.attempts = attempts;
        this.limits = limits;
        this.registry = registry;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return context.securityIdentity().chain(identity -> {
            String deviceId = deviceId(identity);
            if (deviceId == null) {
                return CheckResult.permitUpgrade();
            }
            return attempts.count(deviceId)
                    .ifNoItem().after(limits.redisTimeout()).fail()
                    .onItemOrFailure().transformToUni((count, failure) -> {
                        if (failure != null) {
                            return failOpen(deviceId, failure);
                        }
                        if (failingOpen.compareAndSet(true, false)) {
                            Log.info("connection attempts are counted again (Redis answers)");
                        }
                        if (count.attempts() <= limits.connectAttempts()) {
                            return CheckResult.permitUpgrade();
                        }
                        long retryAfter = Math.max(1, (count.windowLeftMs() + 999) / 1000);
                        if (count.attempts() == limits.connectAttempts() + 1) {
                            Log.infof("[device %s] more than %d connection attempts within %s: refusing with 429 for %d s",
                                    deviceId, limits.connectAttempts(), limits.connectWindow(), retryAfter);
                        }
                        meter("refused");
                        return TooManyConnections.refuse(context.httpRequest().response(), retryAfter,
                                "more than " + limits.connectAttempts() + " connection attempts within "
                                        + limits.connectWindow().toSeconds() + " s");
                    });
        });
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return DeviceSocket.ID.equals(endpointId);
    }

    private Uni<CheckResult> failOpen(String deviceId, Throwable failure) {
        meter("fail_open");
        if (failingOpen.compareAndSet(false, true)) {
            Log.warnf("[device %s] connection attempts cannot be counted (%s): letting devices in uncounted until Redis answers",
                    deviceId, failure.toString());
        }
        return CheckResult.permitUpgrade();
    }

    private void meter(String outcome) {
        registry.counter("switchboard.socket.limits", "endpoint", "devices", "limit", "connect_attempts", "outcome", outcome)
                .increment();
    }

    private static String deviceId(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        return identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : identity.getPrincipal().getName();
    }
}
