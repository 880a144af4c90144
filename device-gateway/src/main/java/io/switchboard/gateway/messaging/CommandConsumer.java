package io.switchboard.gateway.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.switchboard.common.flow.InFlight;
import io.switchboard.common.wire.DeviceCommand;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.service.CommandDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code device.commands}. The gateways share one consumer group, so each record is read by one gateway: the
 * one that holds the device, since command-service writes it to a partition of that gateway's route (see
 * {@link AssignmentTracker} and docs/routing.md); a command whose device has moved is forwarded once.
 * A record that is not a deliverable command never gets here: {@code DeviceCommandDeserializer} refuses it and
 * the connector copies it to {@code device.commands.dlq} (application.properties, Kafka section).
 * <p>
 * It takes the whole {@link Message} (acknowledged once delivered, as a payload method would be) for the record's
 * trace: the consume span the Kafka instrumentation made is the parent of the gateway's spans (docs/observability.md).
 */
@Startup // switchboard_gateway_commands_read_total exists from the start, at 0, like the other meters deploy/monitoring reads
@ApplicationScoped
public class CommandConsumer {
    /** Commands for different devices are delivered concurrently (per device in order), at most {@code gateway.delivery-window} at once. */
    private final InFlight inFlight;
    private final CommandDelivery delivery;
    /** Records this gateway read: with routing, the commands of its own devices (plus the few it forwards). */
    private final Counter read;

    CommandConsumer(CommandDelivery delivery, GatewayConfig config, MeterRegistry registry) {
        this.inFlight = new InFlight(config.deliveryWindow());
        this.delivery = delivery;
        this.read = Counter.builder("switchboard.gateway.commands.read")
                .description("records of device.commands this gateway read").register(registry);
    }

    @Incoming("device-commands")
    public Uni<Void> consume(Message<DeviceCommand> record) {
        read.increment();
        DeviceCommand command = record.getPayload();
        boolean forwarded = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(CommandForwarder.FORWARDED_BY) != null).orElse(false);
        Context trace = TracingMetadata.fromMessage(record).map(TracingMetadata::getCurrentContext).orElse(null);
        return inFlight.submit(() -> delivery.deliver(command, forwarded, trace == null ? Context.root() : trace))
                .onItemOrFailure().transformToUni((ok, failure) -> Uni.createFrom().completionStage(
                        failure == null ? record.ack() : record.nack(failure)));
    }
}
