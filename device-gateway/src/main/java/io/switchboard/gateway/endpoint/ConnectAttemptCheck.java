package io.switchboard.gateway.endpoint;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.limit.TooManyConnections;
import io.switchboard.gateway.config.GatewayLimits;
import io.switchboard.gateway.store.ConnectAttempts;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Refuses the upgrade with 429 problem+json {@code too_many_connections} (and {@code Retry-After}) when the
 * device id ({@code sub}) made more than {@code gateway.limits.connect-attempts} attempts within
 * {@code gateway.limits.connect-window}, across gateways: a device reconnecting in a tight loop would
 * otherwise churn its presence and lifecycle events. Runs last, after authentication and
 * {@link DeviceUpgradeCheck} (an anonymous or forbidden upgrade is refused before anything is counted). If Redis
 * cannot count in time the attempt is let in (fail open, one WARN per outage): a Redis blip must not lock the
 * fleet out.
 */
@ApplicationScoped
public class ConnectAttemptCheck {
    private final ConnectAttempts attempts;
    private final GatewayLimits limits;
    private final MeterRegistry registry;
    private final AtomicBoolean failingOpen = new AtomicBoolean();

    ConnectAttemptCheck(ConnectAttempts attempts, GatewayLimits limits, MeterRegistry registry) {
        this.attempts = attempts;
        this.limits = limits;
        this.registry = registry;
    }

    /** True when the device may connect; false when refused, the 429 then written to {@code response}. */
    Uni<Boolean> admit(String deviceId, HttpServerResponse response) {
        return attempts.count(deviceId)
                .ifNoItem().after(limits.redisTimeout()).fail()
                .onItemOrFailure().transform((count, failure) -> {
                    if (failure != null) {
                        return failOpen(deviceId, failure);
                    }
                    if (failingOpen.compareAndSet(true, false)) {
                        Log.info("connection attempts are counted again (Redis answers)");
                    }
                    if (count.attempts() <= limits.connectAttempts()) {
                        return true;
                    }
                    long retryAfter = Math.max(1, (count.windowLeftMs() + 999) / 1000);
                    if (count.attempts() == limits.connectAttempts() + 1) {
                        Log.infof("[device %s] more than %d connection attempts within %s: refusing with 429 for %d s",
                                deviceId, limits.connectAttempts(), limits.connectWindow(), retryAfter);
                    }
                    meter("refused");
                    TooManyConnections.write(response, retryAfter, "more than " + limits.connectAttempts()
                            + " connection attempts within " + limits.connectWindow().toSeconds() + " s");
                    return false;
                });
    }

    private boolean failOpen(String deviceId, Throwable failure) {
        meter("fail_open");
        if (failingOpen.compareAndSet(false, true)) {
            Log.warnf("[device %s] connection attempts cannot be counted (%s): letting devices in uncounted until Redis answers",
                    deviceId, failure.toString());
        }
        return true;
    }

    private void meter(String outcome) {
        registry.counter("switchboard.socket.limits", "endpoint", "devices", "limit", "connect_attempts", "outcome", outcome)
                .increment();
    }
}
