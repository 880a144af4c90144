package io.switchboard.common.presence;

/** Redis key layout of device presence, shared by the gateway (writer) and command-service (reader). */
public final class PresenceKeys {

    /** Sorted set of connected device ids, scored by the epoch millisecond their presence expires. */
    public static final String INDEX = "sb:presence:index";

    /** Pub/sub channel on which a gateway asks the holder of an older socket to close it. */
    public static final String KICK_CHANNEL = "sb:presence:kick";

    private PresenceKeys() {
    }

    /** Key of one device's {@link DevicePresence} JSON. */
    public static String device(String deviceId) {
        return "sb:presence:device:" + deviceId;
    }
}
