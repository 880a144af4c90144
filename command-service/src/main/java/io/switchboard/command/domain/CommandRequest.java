package io.switchboard.command.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The body of {@code POST /api/devices/{deviceId}/commands}, after validation.
 *
 * @param queueFor with {@code "delivery": {"whenOffline": "queue"}}: how long the command may wait for the machine
 *                 when it is offline (its {@code ttlMs}); null when an offline machine is refused (409)
 */
public record CommandRequest(String method, JsonNode params, int timeoutMs, Duration queueFor) {

    /** A command that an offline machine refuses at once. */
    public CommandRequest(String method, JsonNode params, int timeoutMs) {
        this(method, params, timeoutMs, null);
    }

    public boolean queueWhenOffline() {
        return queueFor != null;
    }
}
