package io.switchboard.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A device notification (a JSON-RPC frame without {@code id}) on Kafka {@code device.events}
 * (key: device id). Connection lifecycle is reported here too, with methods {@code connected} and
 * {@code disconnected}.
 */
public record DeviceEvent(String deviceId, String method, JsonNode params, String gateway, Instant time) {
}
