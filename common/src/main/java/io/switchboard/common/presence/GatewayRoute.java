package io.switchboard.common.presence;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The partitions of {@code device.commands} one gateway instance reads now (the gateways share one consumer group,
 * so each partition has one reader). The gateway keeps it at {@link PresenceKeys#route(String)} as a comma-separated
 * list; command-service reads it with the device's presence and writes each command to a partition of the gateway
 * that holds the device, so one gateway reads it instead of all. {@link #NONE}, a route not known, sends by key.
 */
public record GatewayRoute(List<Integer> partitions) {
    /** No route known (an older gateway, or one between assignments): the command goes by its key's partition. */
    public static final GatewayRoute NONE = new GatewayRoute(List.of());

    public GatewayRoute {
        partitions = List.copyOf(partitions);
    }

    /** Reads {@code "0,3"}; anything unreadable or empty is {@link #NONE}. */
    public static GatewayRoute parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<Integer> partitions = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                int p = Integer.parseInt(part.trim());
                if (p >= 0) {
                    partitions.add(p);
                }
            } catch (NumberFormatException e) {
                return NONE;
            }
        }
        return new GatewayRoute(partitions);
    }

    /** The stored form, {@code "0,3"}. */
    public String format() {
        return String.join(",", partitions.stream().map(String::valueOf).toList());
    }

    public boolean known() {
        return !partitions.isEmpty();
    }

    /**
     * The partition a device's commands go to: the same one for every command while the route stays, so a device's
     * commands keep their order. Empty when the route is not known.
     */
    public OptionalInt partitionFor(String deviceId) {
        if (partitions.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(partitions.get(Math.floorMod(deviceId.hashCode(), partitions.size())));
    }
}
