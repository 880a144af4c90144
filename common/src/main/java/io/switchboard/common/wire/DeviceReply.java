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
 * @param reason    why a command EXPIRED unsent: {@value #DEADLINE_PASSED} (also when absent, as older gateways
 *                  write it), {@value #DEVICE_DISCONNECTED} or {@value #TTL_PASSED}
 */
public record DeviceReply(Kind kind, String commandId, String deviceId, String gateway,
                          JsonNode result, JsonNode error, Instant time, String reason) {
    /** A gateway read the command after its deadline: not written. */
    public static final String DEADLINE_PASSED = "deadline_passed";
    /** No gateway held the device when its command arrived (it left, and had not come back): not written. */
    public static final String DEVICE_DISCONNECTED = "device_disconnected";
    /** A queued command's wait for its machine ({@link QueuedCommand#queuedUntil()}) ended before the machine came: not written. */
    public static final String TTL_PASSED = "ttl_passed";

    /** Discriminator of a reply record. */
    public enum Kind { DELIVERED, RESULT, ERROR, EXPIRED }

    /** Empty when command-service can record it; else what is missing (read on the way in: {@link DeviceReplyDeserializer}). */
    public Optional<String> problem() {
        return kind == null || commandId == null ? Optional.of("a reply needs kind and commandId") : Optional.empty();
    }

    public static DeviceReply delivered(String commandId, String deviceId, String gateway) {
        return new DeviceReply(Kind.DELIVERED, commandId, deviceId, gateway, null, null, Instant.now(), null);
    }

    public static DeviceReply expired(String commandId, String deviceId, String gateway) {
        return new DeviceReply(Kind.EXPIRED, commandId, deviceId, gateway, null, null, Instant.now(), DEADLINE_PASSED);
    }

    /** The command reached no gateway that holds the device (see {@link #DEVICE_DISCONNECTED}); never written. */
    public static DeviceReply disconnected(String commandId, String deviceId, String gateway) {
        return new DeviceReply(Kind.EXPIRED, commandId, deviceId, gateway, null, null, Instant.now(), DEVICE_DISCONNECTED);
    }

    /** A queued command whose wait for the machine ended before it connected ({@link #TTL_PASSED}); never written. */
    public static DeviceReply queueTtlPassed(String commandId, String deviceId, String gateway) {
        return new DeviceReply(Kind.EXPIRED, commandId, deviceId, gateway, null, null, Instant.now(), TTL_PASSED);
    }

    /** Why an EXPIRED command was not sent ({@link #DEADLINE_PASSED} when the gateway did not say). */
    public String expiredReason() {
        return reason == null || reason.isBlank() ? DEADLINE_PASSED : reason;
    }

    public static DeviceReply result(String commandId, String deviceId, String gateway, JsonNode result) {
        return new DeviceReply(Kind.RESULT, commandId, deviceId, gateway, result, null, Instant.now(), null);
    }

    public static DeviceReply error(String commandId, String deviceId, String gateway, JsonNode error) {
        return new DeviceReply(Kind.ERROR, commandId, deviceId, gateway, null, error, Instant.now(), null);
    }
}
