package io.switchboard.common.wire;

/**
 * The deliver-once key of a command, shared by device-gateway (which claims it before writing a command to
 * a socket, storing the device id) and command-service (which claims it with {@link #FENCE} for a command
 * Kafka did not take in time, so that no gateway ever writes it). Whoever wins the SET NX decides.
 */
public final class DeliveryKeys {
    /** The value of a fence: the command was given up before any gateway claimed it. */
    public static final String FENCE = "fenced-by-command-service";

    private DeliveryKeys() {
    }

    /** {@code sb:gateway:sent:<commandId>}. */
    public static String sent(String commandId) {
        return "sb:gateway:sent:" + commandId;
    }
}
