package io.switchboard.command.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.command.store.PresenceReader;
import io.switchboard.common.presence.DevicePresence;
import io.switchboard.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Which devices are connected, as the gateways record it in Redis. */
@ApplicationScoped
public class DeviceDirectory {
    private final PresenceReader presence;

    DeviceDirectory(PresenceReader presence) {
        this.presence = presence;
    }

    /** The device's presence, or a 409 device_offline problem. */
    public Uni<DevicePresence> requireOnline(String deviceId) {
        return presence.find(deviceId).map(p -> p.orElseThrow(() -> offline(409, deviceId)));
    }

    /** The device's presence, or a 404 device_offline problem. */
    public Uni<DevicePresence> get(String deviceId) {
        return presence.find(deviceId).map(p -> p.orElseThrow(() -> offline(404, deviceId)));
    }

    public Uni<List<DevicePresence>> all() {
        return presence.all();
    }

    private static ProblemException offline(int status, String deviceId) {
        return ProblemException.of(status, "device_offline", "Device offline",
                "No gateway holds a connection of device " + deviceId);
    }
}
