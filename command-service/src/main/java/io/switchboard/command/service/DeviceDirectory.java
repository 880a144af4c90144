package io.switchboard.command.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.command.store.PresenceReader;
import io.switchboard.common.presence.DevicePresence;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Which devices are connected, as the gateways record it in Redis. */
@ApplicationScoped
public class DeviceDirectory {
    private final PresenceReader presence;

    DeviceDirectory(PresenceReader presence) {
        this.presence = presence;
    }

    /** The device's presence, empty when no gateway holds it. */
    public Uni<Optional<DevicePresence>> find(String deviceId) {
        return presence.find(deviceId);
    }

    public Uni<List<DevicePresence>> all() {
        return presence.all();
    }
}
