package io.switchboard.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A record on Kafka {@code device.events} (key: device id): a device's notification (a JSON-RPC frame
 * without {@code id}), or the gateway's own report that the device connected or disconnected.
 * <p>
 * {@code source} says who speaks: {@value #FROM_GATEWAY} for the lifecycle events {@value #CONNECTED} and
 * {@value #DISCONNECTED}, which only the gateway writes, and {@value #FROM_DEVICE} for what a device sent
 * (its method and params as it sent them). The gateway sets the field itself, and a device can never use a
 * {@link #RESERVED_METHODS reserved method} (a request with one is refused, a notification dropped), so a
 * consumer trusts a lifecycle event when {@code source} is {@value #FROM_GATEWAY}. Examples of both:
 * {@code device-gateway/src/main/resources/contracts/device-event-*.json}.
 *
 * @param deviceId the device (its token's {@code sub})
 * @param method   the notification's method, or {@value #CONNECTED} / {@value #DISCONNECTED}
 * @param params   the notification's params (null for lifecycle events)
 * @param gateway  the gateway instance that wrote the record
 * @param time     when the gateway saw it
 * @param source   {@value #FROM_GATEWAY} or {@value #FROM_DEVICE}
 */
public record DeviceEvent(String deviceId, String method, JsonNode params, String gateway, Instant time, String source) {
    public static final String CONNECTED = "connected";
    public static final String DISCONNECTED = "disconnected";
    /** Method names only the gateway may put on {@code device.events}; compared without case. */
    public static final Set<String> RESERVED_METHODS = Set.of(CONNECTED, DISCONNECTED);
    public static final String FROM_GATEWAY = "gateway";
    public static final String FROM_DEVICE = "device";

    /** What makes a record read from {@code device.events} unusable, if anything ({@link DeviceEventDeserializer}). */
    public Optional<String> problem() {
        if (deviceId == null || deviceId.isBlank() || method == null || method.isBlank() || time == null) {
            return Optional.of("an event needs deviceId, method and time");
        }
        if (!FROM_GATEWAY.equals(source) && !FROM_DEVICE.equals(source)) {
            return Optional.of("an event's source is " + FROM_GATEWAY + " or " + FROM_DEVICE);
        }
        return Optional.empty();
    }

    /** True for the gateway's own report that the device connected or disconnected (never a device's notification). */
    public boolean lifecycleReport() {
        return FROM_GATEWAY.equals(source) && RESERVED_METHODS.contains(method);
    }

    /** The gateway's own report that a device connected or disconnected. */
    public static DeviceEvent lifecycle(String deviceId, String method, String gateway) {
        if (!RESERVED_METHODS.contains(method)) {
            throw new IllegalArgumentException("not a lifecycle method: " + method);
        }
        return new DeviceEvent(deviceId, method, null, gateway, Instant.now(), FROM_GATEWAY);
    }

    /** A notification the device sent; never one with a {@link #isReserved reserved} method. */
    public static DeviceEvent fromDevice(String deviceId, String method, JsonNode params, String gateway) {
        if (isReserved(method)) {
            throw new IllegalArgumentException("a device may not send " + method);
        }
        return new DeviceEvent(deviceId, method, params, gateway, Instant.now(), FROM_DEVICE);
    }

    /** True for a method name a device may not use on the link (the lifecycle events' names, any case). */
    public static boolean isReserved(String method) {
        return method != null && RESERVED_METHODS.contains(method.toLowerCase(Locale.ROOT));
    }
}
