package io.switchboard.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One command as the device link delivers it.
 *
 * @param id          the command id (the JSON-RPC id); a redelivery carries the same one
 * @param method      what to do, e.g. {@code dispense}
 * @param params      the caller's params, without the platform's {@code _meta} (an empty object when none)
 * @param deadline    {@code _meta.deadline}: after it nobody waits for the answer; null when absent or unreadable
 * @param traceparent {@code _meta.traceparent} (W3C Trace Context) when the command carries a trace, else null
 */
public record Command(String id, String method, JsonNode params, Instant deadline, String traceparent) {
}
