package io.switchboard.notify.domain;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An event as kept in a channel's history and sent to browsers (the {@code params} of the {@code event}
 * notification). {@code offset} is the channel's sequence number, assigned once in Redis; {@code time}
 * is when it was ingested.
 */
@JsonPropertyOrder({"channel", "id", "offset", "type", "data", "time"})
public record StoredEvent(String channel, String id, long offset, String type, JsonNode data, Instant time) {
}
