package io.switchboard.notify.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.common.jsonrpc.JsonRpcMessage;
import io.switchboard.common.limit.MessageRate;
import io.switchboard.common.limit.RateLimited;
import io.switchboard.notify.config.NotifyLimits;
import io.switchboard.notify.domain.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Each browser socket's message rate ({@code notify.limits.*}): over it a request is answered with -32007
 * {@code rate limited} and {@code data.retryAfterMs}, any other frame is dropped and counted; past
 * {@code max-strikes} refusals within {@code strike-window} the socket is closed with 1008
 * {@code rate limit exceeded}. Logged once per connection, metered per outcome.
 */
@ApplicationScoped
public class BrowserRateLimit {
    private static final UserData.TypedKey<MessageRate> KEY = new UserData.TypedKey<>("switchboard.notify.rate");

    private final MessageRate.Limits limits;
    private final Outbound out;
    private final Counter limited;
    private final Counter dropped;
    private final Counter closed;

    BrowserRateLimit(NotifyLimits config, Outbound out, MeterRegistry registry) {
        this.limits = new MessageRate.Limits(config.messageBurst(), config.messagesPerSecond(), config.maxStrikes(),
                config.strikeWindow());
        this.out = out;
        this.limited = counter(registry, "limited");
        this.dropped = counter(registry, "dropped");
        this.closed = counter(registry, "closed");
    }

    /** True when the frame may be handled; otherwise it was answered, dropped or the socket closed in its place. */
    public boolean admit(WebSocketConnection connection, String frame) {
        SocketSession session = connection.userData().get(SocketSession.KEY);
        if (session == null) {
            return true;
        }
        MessageRate rate = connection.userData().get(KEY);
        long now = System.nanoTime();
        if (rate == null) {
            rate = new MessageRate(limits, now);
            connection.userData().put(KEY, rate);
        }
        MessageRate.Verdict verdict = rate.take(now);
        if (verdict.admitted()) {
            return true;
        }
        if (verdict.outcome() == MessageRate.Outcome.EXCEEDED) {
            if (verdict.first()) {
                closed.increment();
                Log.infof("[socket %s][user %s] kept sending after being rate limited (%d refusals within %s): closing with 1008",
                        connection.id(), session.caller().userId(), limits.maxStrikes() + 1, limits.strikeWindow());
                out.close(connection, session, CloseCodes.POLICY, RateLimited.CLOSE_REASON);
            }
            return false;
        }
        if (verdict.first()) {
            Log.infof("[socket %s][user %s] over %.0f messages/s (burst %d): refusing messages (logged once per connection)",
                    connection.id(), session.caller().userId(), limits.perSecond(), limits.burst());
        }
        if (JsonRpcMessage.parse(frame) instanceof JsonRpcMessage.Request request) {
            limited.increment();
            synchronized (session) {
                out.send(connection, session, RateLimited.error(request.id(), verdict.retryAfterMs()));
            }
        } else {
            dropped.increment();
        }
        return false;
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("switchboard.socket.limits").description("messages and connections refused by a limit")
                .tags("endpoint", "notifications", "limit", "message_rate", "outcome", outcome).register(registry);
    }
}
