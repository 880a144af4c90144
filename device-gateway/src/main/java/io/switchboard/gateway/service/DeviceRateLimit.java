package io.switchboard.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.common.jsonrpc.JsonRpcMessage;
import io.switchboard.common.limit.MessageRate;
import io.switchboard.common.limit.RateLimited;
import io.switchboard.gateway.config.GatewayLimits;
import io.switchboard.gateway.domain.DeviceChannel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Each device socket's message rate ({@code gateway.limits.*}): over it a request is answered with -32007
 * {@code rate limited} and {@code data.retryAfterMs}, any other frame (notification, command reply) is
 * dropped and counted; past {@code max-strikes} refusals within {@code strike-window} the socket is closed
 * with 1008 {@code rate limit exceeded}. Logged once per connection, metered per outcome.
 */
@ApplicationScoped
public class DeviceRateLimit {
    private final MessageRate.Limits limits;
    private final Counter limited;
    private final Counter dropped;
    private final Counter closed;

    DeviceRateLimit(GatewayLimits config, MeterRegistry registry) {
        this.limits = new MessageRate.Limits(config.messageBurst(), config.messagesPerSecond(), config.maxStrikes(),
                config.strikeWindow());
        this.limited = counter(registry, "limited");
        this.dropped = counter(registry, "dropped");
        this.closed = counter(registry, "closed");
    }

    /** Empty when the frame may be handled; otherwise what happens in its place (an error answer, nothing, or the close). */
    public Optional<Uni<Void>> refusal(DeviceChannel connection, String frame) {
        long now = System.nanoTime();
        MessageRate rate = connection.session().rate(() -> new MessageRate(limits, now));
        MessageRate.Verdict verdict = rate.take(now);
        if (verdict.admitted()) {
            return Optional.empty();
        }
        if (verdict.outcome() == MessageRate.Outcome.EXCEEDED) {
            if (!verdict.first()) {
                return Optional.of(Uni.createFrom().voidItem());
            }
            closed.increment();
            Log.infof("[device %s] kept sending after being rate limited (%d refusals within %s): closing with 1008",
                    deviceId(connection), limits.maxStrikes() + 1, limits.strikeWindow());
            return Optional.of(connection.close(CloseCodes.POLICY, RateLimited.CLOSE_REASON));
        }
        if (verdict.first()) {
            Log.infof("[device %s] over %.0f messages/s (burst %d): refusing messages (logged once per connection)",
                    deviceId(connection), limits.perSecond(), limits.burst());
        }
        if (JsonRpcMessage.parse(frame) instanceof JsonRpcMessage.Request request) {
            limited.increment();
            return Optional.of(connection.sendText(RateLimited.error(request.id(), verdict.retryAfterMs())));
        }
        dropped.increment();
        return Optional.of(Uni.createFrom().voidItem());
    }

    private static String deviceId(DeviceChannel connection) {
        return connection.session().deviceId();
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("switchboard.socket.limits").description("messages and connections refused by a limit")
                .tags("endpoint", "devices", "limit", "message_rate", "outcome", outcome).register(registry);
    }
}
