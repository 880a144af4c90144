package io.switchboard.command.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.switchboard.common.wire.DeviceCommand;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Writes commands to Kafka {@code device.commands}, keyed by device id (order per device); the value is written by
 * Quarkus' Jackson serializer.
 */
@ApplicationScoped
public class CommandProducer {
    private final Emitter<Record<String, DeviceCommand>> commands;

    CommandProducer(@Channel("device-commands") Emitter<Record<String, DeviceCommand>> commands) {
        this.commands = commands;
    }

    /** Completes when the broker acknowledged the record. */
    public Uni<Void> send(DeviceCommand command) {
        return Uni.createFrom().completionStage(() -> commands.send(Record.of(command.deviceId(), command)));
    }
}
