package io.switchboard.command.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code POST /api/devices/{deviceId}/commands}, after validation. */
public record CommandRequest(String method, JsonNode params, int timeoutMs) {
}
