package io.switchboard.notify.domain;

/**
 * A stored event as the fan-out hears it on Redis pub/sub: the event, and the W3C {@code traceparent} of its ingest
 * when that was traced (null otherwise; docs/observability.md).
 */
public record LiveEvent(EventFrame frame, String traceparent) {
}
