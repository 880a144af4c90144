package io.switchboard.gateway.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.flow.InFlight;
import io.switchboard.common.wire.DeviceCommand;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.service.CommandDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code device.commands}. Every gateway instance reads every command (its own consumer group)
 * and delivers those whose device it holds; see docs/routing.md for the cost and the alternative.
 */
@ApplicationScoped
public class CommandConsumer {
    /** Commands for different devices are delivered concurrently (per device in order), at most {@code gateway.delivery-window} at once. */
    private final InFlight inFlight;
    private final ObjectMapper json;
    private final CommandDelivery delivery;
    private final AssignmentTracker positions;

    CommandConsumer(ObjectMapper json, CommandDelivery delivery, AssignmentTracker positions, GatewayConfig config) {
        this.inFlight = new InFlight(config.deliveryWindow());
        this.json = json;
        this.delivery = delivery;
        this.positions = positions;
    }

    @Incoming("device-commands")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        positions.read(record.topic(), record.partition(), record.offset());
        String value = record.value();
        DeviceCommand command;
        try {
            command = json.readValue(value, DeviceCommand.class);
        } catch (Exception e) {
            Log.warnf("skipping an unreadable record on device.commands: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (command.commandId() == null || command.deviceId() == null || command.method() == null) {
            Log.warnf("skipping a command without commandId, deviceId or method: %s", value);
            return Uni.createFrom().voidItem();
        }
        DeviceCommand valid = command;
        return inFlight.submit(() -> delivery.deliver(valid));
    }
}
