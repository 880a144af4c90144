package io.switchboard.notify.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An event to ingest, as it arrives on Kafka {@code notify.events} or {@code POST /api/events}:
 * {@code {"id","channel","type","data"}}. {@link #problem()} says what is wrong with it, if anything.
 */
public record IncomingEvent(String id, String channel, String type, JsonNode data) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@|+-]{1,128}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*");

    /** Empty when the event is well formed; else a sentence for the caller or the dead-letter record. */
    public Optional<String> problem() {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.of("id must be 1-128 characters of letters, digits and ._:@|+-");
        }
        if (Channel.parse(channel).isEmpty()) {
            return Optional.of("channel must be " + Channel.FORMS);
        }
        if (type == null || type.length() > 64 || !TYPE.matcher(type).matches()) {
            return Optional.of("type must be a lower-case dotted name such as order.placed (at most 64 characters)");
        }
        return Optional.empty();
    }

    public Channel parsedChannel() {
        return Channel.parse(channel).orElseThrow(() -> new IllegalStateException("validate the event first"));
    }
}
