package io.switchboard.command.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What operators watch live, written as notify events (Kafka {@code notify.events}, key = channel, value
 * {@code {"id","channel","type","data"}}, the shape notify-service ingests): job progress on {@code ops:jobs}, machines
 * connecting and leaving on {@code ops:devices} (docs/notifications.md, operator channels). Best effort: the state of
 * record stays in Redis and the HTTP API; an event the broker did not take is logged and dropped, the next one carries
 * the whole picture again.
 */
@ApplicationScoped
public class OpsEvents {
    private final Emitter<String> events;
    private final ObjectMapper json;

    OpsEvents(@Channel("ops-events") Emitter<String> events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    /** Writes one event; {@code id} must be unique per event (notify-service drops a repeated id). */
    public Uni<Void> publish(String id, String channel, String type, Object data) {
        ObjectNode value = json.createObjectNode().put("id", id).put("channel", channel).put("type", type);
        value.set("data", json.valueToTree(data));
        String text = value.toString();
        return Acked.send(events, Message.of(text)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(channel).build()))
                .onFailure().invoke(t -> Log.debugf("[ops] %s on %s not written: %s", type, channel, t.toString()))
                .onFailure().recoverWithNull();
    }
}
