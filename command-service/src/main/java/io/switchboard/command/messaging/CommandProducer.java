package io.switchboard.command.messaging;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.switchboard.common.presence.GatewayRoute;
import io.switchboard.common.wire.DeviceCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalInt;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes commands to Kafka {@code device.commands}, keyed by device id, to a partition of the route of the gateway that
 * holds the device (the gateways share one consumer group, so that gateway alone reads it); by the key's partition
 * when the route is not known (that partition's reader forwards it). The value is written by Quarkus' Jackson
 * serializer. The record carries the caller's trace (the HTTP request's span, docs/observability.md): the Kafka
 * instrumentation's produce span is its child and the record's {@code traceparent} header names it.
 */
@ApplicationScoped
public class CommandProducer {
    private final Emitter<DeviceCommand> commands;

    CommandProducer(@Channel("device-commands") Emitter<DeviceCommand> commands) {
        this.commands = commands;
    }

    /** Completes when the broker acknowledged the record. */
    public Uni<Void> send(DeviceCommand command, GatewayRoute route) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata =
                OutgoingKafkaRecordMetadata.<String>builder().withKey(command.deviceId());
        OptionalInt partition = route.partitionFor(command.deviceId());
        partition.ifPresent(metadata::withPartition);
        TracingMetadata trace = TracingMetadata.withCurrent(Context.current()); // taken on the caller's context
        return Acked.send(commands, Message.of(command).addMetadata(metadata.build()).addMetadata(trace));
    }
}
