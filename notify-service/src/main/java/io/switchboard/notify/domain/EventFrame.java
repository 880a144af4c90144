package io.switchboard.notify.domain;

import java.time.Instant;

/**
 * A stored event ready to send: the routing facts ({@code channel}, {@code offset}, {@code epoch}, ingest
 * {@code time}) and the complete {@code event} notification text, built once and shared by every socket.
 */
public record EventFrame(String channel, String id, long offset, String epoch, Instant time, String text) {

    /** Wraps the stored event JSON (the notification's params) into the notification frame. */
    public static EventFrame of(StoredEvent event, String storedJson) {
        return new EventFrame(event.channel(), event.id(), event.offset(), event.epoch(), event.time(),
                "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":" + storedJson + "}");
    }
}
