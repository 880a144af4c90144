package io.switchboard.command.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A command as stored in Redis and shown by the API. {@code reason} says why a command is
 * {@code expired}: {@code deadline_passed} (a gateway read it after its deadline) or
 * {@code broker_unavailable} (it could not be handed to Kafka in time and was fenced), {@code device_disconnected}, or
 * {@code ttl_passed} (it waited for its offline machine until {@code queuedUntil}); absent otherwise.
 * {@code queuedUntil} is set on a command that waited, or waits, for an offline machine: its {@code deadline} is that
 * instant while it is queued, and {@code timeoutMs} after its delivery once delivered.
 * {@code submitter} is the token subject that sent it (who may read it, see {@code CommandReadPolicy}); it is
 * not shown, and records written before it was stored have none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandRecord(String commandId, String deviceId, String method, JsonNode params, String status,
                            JsonNode result, JsonNode error, Boolean late, Integer timeoutMs,
                            Instant createdAt, Instant deadline, Instant updatedAt,
                            Instant deliveredAt, String reason, @JsonIgnore String submitter, Instant queuedUntil) {

    /** A record of a command that was never queued. */
    public CommandRecord(String commandId, String deviceId, String method, JsonNode params, String status,
                         JsonNode result, JsonNode error, Boolean late, Integer timeoutMs,
                         Instant createdAt, Instant deadline, Instant updatedAt,
                         Instant deliveredAt, String reason, String submitter) {
        this(commandId, deviceId, method, params, status, result, error, late, timeoutMs, createdAt, deadline,
                updatedAt, deliveredAt, reason, submitter, null);
    }

    /** A record without a {@code reason} and without a submitter. */
    public CommandRecord(String commandId, String deviceId, String method, JsonNode params, String status,
                         JsonNode result, JsonNode error, Boolean late, Integer timeoutMs,
                         Instant createdAt, Instant deadline, Instant updatedAt, Instant deliveredAt) {
        this(commandId, deviceId, method, params, status, result, error, late, timeoutMs, createdAt, deadline,
                updatedAt, deliveredAt, null, null);
    }

    @JsonIgnore
    public CommandStatus state() {
        return CommandStatus.fromWire(status);
    }

    @JsonIgnore
    public boolean terminal() {
        return state().terminal();
    }
}
