package io.switchboard.gateway.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.common.wire.DeviceCommand;
import io.switchboard.common.wire.DeviceReply;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.messaging.GatewayPublisher;
import io.switchboard.gateway.store.DeliveryLog;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers a command whose device already holds its whole window ({@code gateway.device-window}: it reads
 * slowly or not at all): failed at once, with a JSON-RPC error -32005 whose {@code data.reason} is
 * {@code device_busy} and {@code data.source} {@code gateway}, instead of waiting in the gateway's window.
 * Its deliver-once key is taken first, so a redelivered copy is never written after the caller was told it
 * failed; if that claim fails (Redis away) nothing is reported and command-service times out.
 */
@ApplicationScoped
class BusyDevices {
    static final String REASON = "device_busy";

    private final DeliveryLog deliveries;
    private final GatewayPublisher publisher;
    private final GatewayConfig config;
    private final Counter refused;

    BusyDevices(DeliveryLog deliveries, GatewayPublisher publisher, GatewayConfig config, MeterRegistry registry) {
        this.deliveries = deliveries;
        this.publisher = publisher;
        this.config = config;
        this.refused = registry.counter("switchboard.gateway.commands", "outcome", REASON);
    }

    Uni<Void> refuse(DeviceCommand command) {
        return deliveries.claim(command.commandId(), command.deviceId()).invoke(claim -> {
            if (claim == DeliveryLog.Claim.FIRST) {
                refused.increment();
                Log.infof("[device %s][command %s] %d commands already pending for the device: answered failed (%s)",
                        command.deviceId(), command.commandId(), config.deviceWindow(), REASON);
                publisher.reply(DeviceReply.error(command.commandId(), command.deviceId(), config.instanceId(), error()));
            }
        }).onFailure().invoke(t -> Log.warnf("[device %s][command %s] device busy and deliver-once claim failed, not sent: %s",
                        command.deviceId(), command.commandId(), t.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private ObjectNode error() {
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", JsonRpcErrors.OVERLOADED)
                .put("message", "device busy: " + config.deviceWindow() + " commands already pending for it");
        error.putObject("data").put("reason", REASON).put("source", "gateway").put("limit", config.deviceWindow());
        return error;
    }
}
