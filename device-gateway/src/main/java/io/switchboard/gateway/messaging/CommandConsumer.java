package io.switchboard.gateway.messaging;

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
 * A record that is not a deliverable command never gets here: {@code DeviceCommandDeserializer} refuses it and
 * the connector copies it to {@code device.commands.dlq} (application.properties, Kafka section).
 */
@ApplicationScoped
public class CommandConsumer {
    /** Commands for different devices are delivered concurrently (per device in order), at most {@code gateway.delivery-window} at once. */
    private final InFlight inFlight;
    private final CommandDelivery delivery;
    private final AssignmentTracker positions;

    CommandConsumer(CommandDelivery delivery, AssignmentTracker positions, GatewayConfig config) {
        this.inFlight = new InFlight(config.deliveryWindow());
        this.delivery = delivery;
        this.positions = positions;
    }

    @Incoming("device-commands")
    public Uni<Void> consume(ConsumerRecord<String, DeviceCommand> record) {
        positions.read(record.topic(), record.partition(), record.offset());
        DeviceCommand command = record.value();
        return inFlight.submit(() -> delivery.deliver(command));
    }
}
