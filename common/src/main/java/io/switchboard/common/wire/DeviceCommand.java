package io.switchboard.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A command on Kafka {@code device.commands} (key: device id), from command-service to the gateway
 * that holds the device's socket.
 *
 * @param commandId correlation id; becomes the JSON-RPC {@code id} on the device link
 * @param deviceId  target device (the device token's {@code sub})
 * @param method    JSON-RPC method the device runs, e.g. {@code dispense}
 * @param params    the caller's params object (never null on the wire: an empty object)
 * @param deadline  after this instant the command must not be sent to the device
 * @param issuedAt  when command-service accepted it
 */
public record DeviceCommand(String commandId, String deviceId, String method, JsonNode params,
                            Instant deadline, Instant issuedAt) {

    /** Empty when a gateway can deliver it; else what is missing (read on the way in: {@link DeviceCommandDeserializer}). */
    public Optional<String> problem() {
        return commandId == null || deviceId == null || method == null
                ? Optional.of("a command needs commandId, deviceId and method") : Optional.empty();
    }
}
