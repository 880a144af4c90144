package io.switchboard.command.domain;

/** The offline machine's queue holds {@code commands.queue.max-per-device} commands already: this one is not queued. */
public final class QueueFull extends RuntimeException {
    private final String deviceId;
    private final int max;

    public QueueFull(String deviceId, int max) {
        super("Device " + deviceId + " is offline and already has " + max + " queued commands", null, false, false);
        this.deviceId = deviceId;
        this.max = max;
    }

    public String deviceId() {
        return deviceId;
    }

    public int max() {
        return max;
    }
}
