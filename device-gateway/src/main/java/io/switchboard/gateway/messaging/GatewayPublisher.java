package io.switchboard.gateway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.Record;
import io.switchboard.common.wire.DeviceEvent;
import io.switchboard.common.wire.DeviceReply;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Writes to Kafka {@code device.replies} and {@code device.events}, keyed by device id. Fire and forget:
 * the producer keeps a record through a short broker outage (see application.properties, Kafka section),
 * and a record it finally gives up on is logged, never thrown at the socket handler.
 */
@ApplicationScoped
public class GatewayPublisher {
    private final Emitter<Record<String, String>> replies;
    private final Emitter<Record<String, String>> events;
    private final ObjectMapper json;

    GatewayPublisher(@Channel("device-replies") Emitter<Record<String, String>> replies,
                     @Channel("device-events") Emitter<Record<String, String>> events, ObjectMapper json) {
        this.replies = replies;
        this.events = events;
        this.json = json;
    }

    public void reply(DeviceReply reply) {
        send(replies, reply.deviceId(), reply,
                "[device " + reply.deviceId() + "][command " + reply.commandId() + "] reply " + reply.kind());
    }

    public void event(DeviceEvent event) {
        send(events, event.deviceId(), event, "[device " + event.deviceId() + "] event " + event.method());
    }

    private void send(Emitter<Record<String, String>> emitter, String key, Object value, String what) {
        String payload;
        try {
            payload = json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            Log.errorf(e, "%s not serializable", what);
            return;
        }
        try {
            emitter.send(Record.of(key, payload)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    Log.warnf("%s not written to Kafka: %s", what, failure.toString());
                } else {
                    Log.debugf("%s written to Kafka", what);
                }
            });
        } catch (RuntimeException e) {
            // the emitter's buffer is full (the broker has been away long): drop this one, never fail the caller
            Log.warnf("%s not written to Kafka: %s", what, e.toString());
        }
    }
}
