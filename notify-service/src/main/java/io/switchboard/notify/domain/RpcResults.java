package io.switchboard.notify.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The {@code result} of the browser link's requests, one record per method. */
public final class RpcResults {
    private RpcResults() {
    }

    /**
     * {@code offset} and {@code epoch} are the channel's at subscribe time ({@code epoch} null while the channel
     * has no events); {@code recovered} is true when every event after {@code since} (of that epoch) is replayed.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Subscribe(String channel, long offset, String epoch, boolean recovered) {
    }

    /** {@code unsubscribe}. */
    public record Unsubscribe(String channel) {
    }

    /** {@code publish}: the new event's id, offset and epoch. */
    public record Publish(String id, long offset, String epoch) {
    }

    /** {@code ack}: the receipt was handed to Kafka. */
    public record Ack(String channel, String id) {
    }
}
