package io.switchboard.auth.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.Record;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.domain.QrEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * The business log: one JSON record per state change on Kafka {@code auth.qr-events}, keyed by login id,
 * written by the replica whose Redis script made the change (so once per change).
 */
@ApplicationScoped
public class QrEventPublisher {
    private final Emitter<Record<String, String>> events;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final String instance;

    QrEventPublisher(@Channel("qr-events") Emitter<Record<String, String>> events, ObjectMapper json,
                     MeterRegistry registry, QrConfig config) {
        this.events = events;
        this.json = json;
        this.registry = registry;
        this.instance = config.instanceId();
    }

    public void publish(String loginId, LoginState state, LoginState previous, String userId) {
        registry.counter("qr.logins", "state", state.wire()).increment();
        Log.infof("[login %s] %s%s", loginId, previous == null ? "" : previous.wire() + " -> ", state.wire());
        String payload;
        try {
            payload = json.writeValueAsString(QrEvent.of(loginId, state, previous, userId, instance));
        } catch (JsonProcessingException e) {
            Log.errorf(e, "[login %s] event not serializable", loginId);
            return;
        }
        events.send(Record.of(loginId, payload)).whenComplete((ok, failure) -> {
            if (failure != null) {
                Log.warnf("[login %s] %s event not written to Kafka: %s", loginId, state.wire(), failure.getMessage());
            }
        });
    }
}
