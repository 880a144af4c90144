package io.switchboard.gateway.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The device sockets this gateway instance holds, by device id. It only indexes this process's own
 * connections for an O(1) look-up per command ({@code OpenConnections.findByConnectionId} scans);
 * which gateway holds a device is shared through Redis presence, never through this map.
 */
@ApplicationScoped
public class LocalDevices {
    private final ConcurrentMap<String, WebSocketConnection> byDevice = new ConcurrentHashMap<>();

    LocalDevices(MeterRegistry registry) {
        Gauge.builder("switchboard.gateway.devices", byDevice, ConcurrentMap::size)
                .description("device sockets held by this gateway").register(registry);
    }

    /** Registers a connection and returns the one it replaces on this gateway, if any. */
    public Optional<WebSocketConnection> put(String deviceId, WebSocketConnection connection) {
        return Optional.ofNullable(byDevice.put(deviceId, connection)).filter(old -> old != connection);
    }

    /** Removes the device only if this exact connection is still the registered one. */
    public boolean remove(String deviceId, WebSocketConnection connection) {
        return byDevice.remove(deviceId, connection);
    }

    public Optional<WebSocketConnection> find(String deviceId) {
        return Optional.ofNullable(byDevice.get(deviceId)).filter(WebSocketConnection::isOpen);
    }

    public Collection<WebSocketConnection> all() {
        return byDevice.values();
    }

    public int size() {
        return byDevice.size();
    }
}
