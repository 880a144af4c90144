package io.switchboard.command.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.common.wire.DeviceEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Machines connecting and leaving, for operators: a gateway's lifecycle report read from {@code device.events} becomes
 * a {@code device.connected} or {@code device.disconnected} event on {@code ops:devices} (data
 * {@code {deviceId, gateway, time}}). Only reports younger than {@code commands.ops.device-events-max-age} are passed
 * on: a new consumer group replays the topic from the start, and operators want the present, not a replay (the
 * console loads the list itself). The event id is derived from the report (device, method, time, gateway), so a
 * redelivered record gives the same id and notify-service drops the copy.
 */
@ApplicationScoped
class OpsDeviceFeed {
    static final String CHANNEL = "ops:devices";
    static final String CONNECTED = "device.connected";
    static final String DISCONNECTED = "device.disconnected";

    /** What an operator sees of a machine connecting or leaving. */
    record DeviceChange(String deviceId, String gateway, Instant time) {
    }

    private final OpsEvents ops;
    private final Duration maxAge;

    OpsDeviceFeed(OpsEvents ops, CommandConfig config) {
        this.ops = ops;
        this.maxAge = config.ops().deviceEventsMaxAge();
    }

    /** Forwards a recent lifecycle report; anything else (a device's own notification, an old report) is not. */
    Uni<Void> forward(DeviceEvent event) {
        if (!event.lifecycleReport()) {
            return Uni.createFrom().voidItem();
        }
        if (event.time().isBefore(Instant.now().minus(maxAge))) {
            Log.debugf("[device %s] %s at %s is older than %s: not passed to %s", event.deviceId(), event.method(),
                    event.time(), maxAge, CHANNEL);
            return Uni.createFrom().voidItem();
        }
        String type = DeviceEvent.CONNECTED.equals(event.method()) ? CONNECTED : DISCONNECTED;
        Log.debugf("[device %s] %s on %s", event.deviceId(), type, CHANNEL);
        return ops.publish(eventId(event), CHANNEL, type, new DeviceChange(event.deviceId(), event.gateway(), event.time()));
    }

    /** {@code dev-} and 32 hex digits of SHA-256 over the report's device, method, time and gateway. */
    static String eventId(DeviceEvent event) {
        String source = event.deviceId() + '\n' + event.method() + '\n' + event.time() + '\n' + event.gateway();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return "dev-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
