package io.switchboard.notify.domain;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An event as kept in a channel's history and sent to browsers (the {@code params} of the {@code event}
 * notification). {@code offset} is the channel's sequence number, assigned once in Redis; {@code epoch}
 * names the life of that offset counter (a new epoch means offsets started again: history was lost);
 * null on events stored before epochs existed. {@code time} is when it was ingested.
 */
@JsonPropertyOrder({"offset", "epoch", "channel", "id", "type", "data", "time"})
public record StoredEvent(String channel, String id, long offset, String epoch, String type, JsonNode data, Instant time) {
}
