package io.switchboard.common.presence;

import java.time.Instant;

/**
 * Which gateway instance holds a device's socket. Written by device-gateway, read by command-service.
 * Stored as JSON at {@link PresenceKeys#device(String)} with a TTL that the holding gateway refreshes.
 */
public record DevicePresence(String deviceId, String gateway, String connectionId, Instant connectedAt) {
}
