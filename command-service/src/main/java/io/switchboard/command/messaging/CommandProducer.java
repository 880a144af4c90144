package io.switchboard.command.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.switchboard.common.wire.DeviceCommand;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Writes commands to Kafka {@code device.commands}, keyed by device id (order per device). */
@ApplicationScoped
public class CommandProducer {
    private final Emitter<Record<String, String>> commands;
    private final ObjectMapper json;

    CommandProducer(@Channel("device-commands") Emitter<Record<String, String>> commands, ObjectMapper json) {
        this.commands = commands;
        this.json = json;
    }

    /** Completes when the broker acknowledged the record. */
    public Uni<Void> send(DeviceCommand command) {
        String value;
        try {
            value = json.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("command not serializable", e));
        }
        return Uni.createFrom().completionStage(() -> commands.send(Record.of(command.deviceId(), value)));
    }
}
