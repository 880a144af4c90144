package io.switchboard.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A command waiting for its machine to connect: one entry (this record as JSON) of the machine's queue, the Redis list
 * {@link #key(String) sb:device:queue:<deviceId>}, oldest first. command-service appends it when the machine is offline
 * and the request asked for it ({@code "delivery": {"whenOffline": "queue"}}); the gateway that the machine connects to
 * delivers the entries in order, and removes each once it was written or can never be (docs/commands.md, "Commands
 * that wait for an offline machine").
 *
 * @param commandId   the command's id
 * @param deviceId    the machine
 * @param method      the JSON-RPC method
 * @param params      the caller's params (an object)
 * @param timeoutMs   how long the machine has to answer once the command is written to it
 * @param queuedUntil the end of its wait: not written after it (reported EXPIRED, {@link DeviceReply#TTL_PASSED})
 * @param issuedAt    when command-service accepted it
 */
public record QueuedCommand(String commandId, String deviceId, String method, JsonNode params, int timeoutMs,
                            Instant queuedUntil, Instant issuedAt) {
    private static final String PREFIX = "sb:device:queue:";

    /** The machine's queue. */
    public static String key(String deviceId) {
        return PREFIX + deviceId;
    }

    /** Empty when a gateway can deliver it; else what is missing. */
    public Optional<String> problem() {
        return commandId == null || deviceId == null || method == null || queuedUntil == null || timeoutMs <= 0
                ? Optional.of("a queued command needs commandId, deviceId, method, timeoutMs and queuedUntil")
                : Optional.empty();
    }

    /** True once its wait is over at {@code now}. */
    public boolean waitedOut(Instant now) {
        return !now.isBefore(queuedUntil);
    }

    /** The command to write at {@code now}: the machine gets {@code timeoutMs} from then ({@code _meta.deadline}). */
    public DeviceCommand toCommand(Instant now) {
        return new DeviceCommand(commandId, deviceId, method, params, now.plusMillis(timeoutMs), issuedAt);
    }
}
