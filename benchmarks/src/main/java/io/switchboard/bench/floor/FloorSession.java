package io.switchboard.bench.floor;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The one thing the floor servers keep per socket besides what their layer keeps: the device id (the token's
 * {@code sub}, read without verifying the signature) and a last-seen time, about what the gateway's
 * DeviceSession needs at the least.
 */
final class FloorSession {
    final String deviceId;
    volatile long lastSeenNanos = System.nanoTime();

    FloorSession(String deviceId) {
        this.deviceId = deviceId;
    }

    /** The {@code sub} of a bearer token ({@code Authorization: Bearer <jwt>}), or null. */
    static String subject(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        int i = payload.indexOf("\"sub\":\"");
        if (i < 0) {
            return null;
        }
        int start = i + 7;
        return payload.substring(start, payload.indexOf('"', start));
    }

    /** {@code --name value} from {@code args}, or {@code fallback}. */
    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
