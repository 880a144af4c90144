package io.switchboard.notify.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code params} of the browser link's requests, one record per method. Unknown members (e.g. {@code _meta}) are ignored. */
public final class RpcParams {
    private RpcParams() {
    }

    /**
     * {@code subscribe}: {@code since} is the last offset the client saw, or null for "from now";
     * {@code epoch} the channel's epoch that offset belongs to (null from clients that do not know epochs).
     */
    public record Subscribe(String channel, Long since, String epoch) {
    }

    /** {@code unsubscribe}. */
    public record Unsubscribe(String channel) {
    }

    /** {@code publish}: a browser-originated event on a channel the caller may publish to. */
    public record Publish(String channel, String type, JsonNode data) {
    }

    /** {@code ack}: the caller saw event {@code id} of {@code channel}. */
    public record Ack(String channel, String id) {
    }
}
