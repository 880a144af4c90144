package io.switchboard.gateway.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.gateway.domain.DeviceChannel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The device sockets this gateway instance holds, by device id. It only indexes this process's own
 * connections for an O(1) look-up per command (and the keep-alive pings of {@code AutoPing});
 * which gateway holds a device is shared through Redis presence, never through this map.
 */
@ApplicationScoped
public class LocalDevices {
    private final ConcurrentMap<String, DeviceChannel> byDevice = new ConcurrentHashMap<>();

    LocalDevices(MeterRegistry registry) {
        Gauge.builder("switchboard.gateway.devices", byDevice, ConcurrentMap::size)
                .description("device sockets held by this gateway").register(registry);
    }

    /** Registers a connection and returns the one it replaces on this gateway, if any. */
    public Optional<DeviceChannel> put(String deviceId, DeviceChannel connection) {
        return Optional.ofNullable(byDevice.put(deviceId, connection)).filter(old -> old != connection);
    }

    /** Removes the device only if this exact connection is still the registered one. */
    public boolean remove(String deviceId, DeviceChannel connection) {
        return byDevice.remove(deviceId, connection);
    }

    public Optional<DeviceChannel> find(String deviceId) {
        return Optional.ofNullable(byDevice.get(deviceId)).filter(DeviceChannel::isOpen);
    }

    public Collection<DeviceChannel> all() {
        return byDevice.values();
    }

    public int size() {
        return byDevice.size();
    }
}
