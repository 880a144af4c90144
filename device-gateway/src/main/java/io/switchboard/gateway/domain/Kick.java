package io.switchboard.gateway.domain;

/** Asks gateway {@code gateway} to close the device's older connection {@code connectionId} (a newer one won). */
public record Kick(String gateway, String deviceId, String connectionId) {
}
