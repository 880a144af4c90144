package io.switchboard.auth.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.messaging.OutboxMetrics;
import io.switchboard.auth.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What happens in this process after a store script made a change: the script itself already appended the
 * change's business-log record to the outbox (so nothing here can lose or repeat it, and nothing here talks to
 * Kafka); this logs and counts the change and wakes the relay.
 */
@ApplicationScoped
class TransitionLog {
    private final MeterRegistry registry;
    private final OutboxMetrics outbox;
    private final OutboxRelay relay;

    TransitionLog(MeterRegistry registry, OutboxMetrics outbox, OutboxRelay relay) {
        this.registry = registry;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** The change to {@code state} was made and recorded; {@code outboxDepth} is what the script reported. */
    public void recorded(String loginId, LoginState state, LoginState previous, long outboxDepth) {
        registry.counter("switchboard.qr.logins", "state", state.wire()).increment();
        Log.infof("[login %s] %s%s", loginId, previous == null ? "" : previous.wire() + " -> ", state.wire());
        outbox.depth(outboxDepth);
        relay.wake();
    }
}
