package io.switchboard.common.wire;

/** {@code device.events} values: a {@link DeviceEvent} with its {@link DeviceEvent#problem() fields}. */
public class DeviceEventDeserializer extends WireDeserializer<DeviceEvent> {
    public DeviceEventDeserializer() {
        super(DeviceEvent.class, DeviceEvent::problem);
    }
}
