package io.switchboard.notify.domain;

/** The {@code result} of the browser link's requests, one record per method. */
public final class RpcResults {
    private RpcResults() {
    }

    /** {@code offset} is the channel's offset at subscribe time; {@code recovered} is true when every event after {@code since} was replayed. */
    public record Subscribe(String channel, long offset, boolean recovered) {
    }

    /** {@code unsubscribe}. */
    public record Unsubscribe(String channel) {
    }

    /** {@code publish}: the new event's id and offset. */
    public record Publish(String id, long offset) {
    }

    /** {@code ack}: the receipt was handed to Kafka. */
    public record Ack(String channel, String id) {
    }
}
