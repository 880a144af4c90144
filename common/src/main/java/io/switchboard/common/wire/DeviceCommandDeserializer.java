package io.switchboard.common.wire;

/** {@code device.commands} values: a {@link DeviceCommand} with its {@link DeviceCommand#problem() fields}. */
public class DeviceCommandDeserializer extends WireDeserializer<DeviceCommand> {
    public DeviceCommandDeserializer() {
        super(DeviceCommand.class, DeviceCommand::problem);
    }
}
