package io.switchboard.command.domain;

/** No gateway holds a connection of the device, so a command to it cannot be sent. */
public final class DeviceOffline extends RuntimeException {
    private final String deviceId;

    public DeviceOffline(String deviceId) {
        super("No gateway holds a connection of device " + deviceId, null, false, false);
        this.deviceId = deviceId;
    }

    public String deviceId() {
        return deviceId;
    }
}
