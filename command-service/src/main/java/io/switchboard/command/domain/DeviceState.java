package io.switchboard.command.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What the platform last heard from a device, kept while it is offline too (from Kafka {@code device.events}).
 *
 * @param lastSeen   the time of its newest event: connected, disconnected or a notification
 * @param status     the params of its newest {@code status} notification, null when it never sent one
 * @param reportedAt when the gateway received that notification, null with {@code status}
 * @param gateway    the gateway of the newest event
 */
public record DeviceState(Instant lastSeen, JsonNode status, Instant reportedAt, String gateway) {
}
