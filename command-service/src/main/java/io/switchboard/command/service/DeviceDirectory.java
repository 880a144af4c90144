package io.switchboard.command.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.command.domain.DeviceState;
import io.switchboard.command.store.DeviceStateStore;
import io.switchboard.command.store.PresenceReader;
import io.switchboard.common.presence.DevicePresence;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Which devices are connected, as the gateways record it in Redis, and what each last said. */
@ApplicationScoped
public class DeviceDirectory {
    private final PresenceReader presence;
    private final DeviceStateStore states;

    DeviceDirectory(PresenceReader presence, DeviceStateStore states) {
        this.presence = presence;
        this.states = states;
    }

    /** A device as the platform knows it: its presence when a gateway holds it, its last state when recorded. */
    public record Device(String deviceId, Optional<DevicePresence> presence, Optional<DeviceState> state) {
        public boolean known() {
            return presence.isPresent() || state.isPresent();
        }
    }

    /** The device's presence, empty when no gateway holds it. */
    public Uni<Optional<DevicePresence>> find(String deviceId) {
        return presence.find(deviceId);
    }

    /** The device's presence and last state, read together. */
    public Uni<Device> device(String deviceId) {
        return Uni.combine().all().unis(presence.find(deviceId), states.find(deviceId))
                .with((p, s) -> new Device(deviceId, p, s));
    }

    public Uni<List<DevicePresence>> all() {
        return presence.all();
    }
}
