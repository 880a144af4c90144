package io.switchboard.gateway.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.switchboard.common.wire.DeviceCommand;
import io.switchboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes a command back to {@code device.commands}, to a partition of the gateway that holds its device now (the
 * device moved between command-service's look-up and this gateway's read). The record carries
 * {@value #FORWARDED_BY}, so it is forwarded at most once: a gateway that reads a forwarded command for a device it
 * does not hold reports it instead.
 */
@ApplicationScoped
public class CommandForwarder {
    /** Header naming the gateway that forwarded the record. */
    public static final String FORWARDED_BY = "sb-forwarded-by";

    private final Emitter<DeviceCommand> commands;
    private final GatewayConfig config;

    CommandForwarder(@Channel("device-commands-forward") Emitter<DeviceCommand> commands, GatewayConfig config) {
        this.commands = commands;
        this.config = config;
    }

    /** Completes when the broker acknowledged the forwarded record. */
    public Uni<Void> forward(DeviceCommand command, int partition) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(command.deviceId()).withPartition(partition)
                .withHeaders(List.of(new RecordHeader(FORWARDED_BY, config.instanceId().getBytes(StandardCharsets.UTF_8))))
                .build();
        return Uni.createFrom().emitter(e -> commands.send(Message.of(command).addMetadata(metadata)
                .withAck(() -> {
                    e.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    e.fail(t);
                    return CompletableFuture.completedFuture(null);
                })));
    }
}
