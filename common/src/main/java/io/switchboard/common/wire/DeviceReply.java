package io.switchboard.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * What a gateway reports about a command on Kafka {@code device.replies} (key: device id).
 *
 * @param kind      what happened: delivered to the socket, answered with a result or an error, or expired
 * @param commandId the command's id
 * @param deviceId  the device
 * @param gateway   the gateway instance that reports it
 * @param result    the device's {@code result} (kind RESULT)
 * @param error     the device's JSON-RPC {@code error} object (kind ERROR)
 * @param time      when the gateway saw it
 */
public record DeviceReply(Kind kind, String commandId, String deviceId, String gateway,
                          JsonNode result, JsonNode error, Instant time) {

    /** Discriminator of a reply record. */
    public enum Kind { DELIVERED, RESULT, ERROR, EXPIRED }

    /** Empty when command-service can record it; else what is missing (read on the way in: {@link DeviceReplyDeserializer}). */
    public Optional<String> problem() {
        return kind == null || commandId == null ? Optional.of("a reply needs kind and commandId") : Optional.empty();
    }

    public static DeviceReply delivered(String commandId, String deviceId, String gateway) {
        return new DeviceReply(Kind.DELIVERED, commandId, deviceId, gateway, null, null, Instant.now());
    }

    public static DeviceReply expired(String commandId, String deviceId, String gateway) {
        return new DeviceReply(Kind.EXPIRED, commandId, deviceId, gateway, null, null, Instant.now());
    }

    public static DeviceReply result(String commandId, String deviceId, String gateway, JsonNode result) {
        return new DeviceReply(Kind.RESULT, commandId, deviceId, gateway, result, null, Instant.now());
    }

    public static DeviceReply error(String commandId, String deviceId, String gateway, JsonNode error) {
        return new DeviceReply(Kind.ERROR, commandId, deviceId, gateway, null, error, Instant.now());
    }
}
