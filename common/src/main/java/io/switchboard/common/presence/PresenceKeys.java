package io.switchboard.common.presence;

/** Redis key layout of device presence, shared by the gateway (writer) and command-service (reader). */
public final class PresenceKeys {

    /** Sorted set of connected device ids, scored by the epoch millisecond their presence expires. */
    public static final String INDEX = "sb:presence:index";

    /** Pub/sub channel on which a gateway asks the holder of an older socket to close it. */
    public static final String KICK_CHANNEL = "sb:presence:kick";

    private PresenceKeys() {
    }

    /** Prefix of {@link #route(String)}, for scripts that build the key from a presence they read. */
    public static final String ROUTE_PREFIX = "sb:gateway:route:";

    /** Key of one gateway instance's {@link GatewayRoute} (the partitions of {@code device.commands} it reads). */
    public static String route(String gateway) {
        return ROUTE_PREFIX + gateway;
    }

    /** Key of one device's {@link DevicePresence} JSON. */
    public static String device(String deviceId) {
        return "sb:presence:device:" + deviceId;
    }
}
