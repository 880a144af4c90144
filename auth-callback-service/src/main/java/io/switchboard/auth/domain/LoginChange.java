package io.switchboard.auth.domain;

/**
 * A login changed state, on this or any other replica ({@code state} as its wire name); {@code traceparent} is the
 * W3C trace context of the webhook that made the change (null when absent: tracing off, or another script).
 */
public record LoginChange(String loginId, String state, String traceparent) {
}
