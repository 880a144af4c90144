package io.switchboard.common.wire;

/** {@code device.replies} values: a {@link DeviceReply} with its {@link DeviceReply#problem() fields}. */
public class DeviceReplyDeserializer extends WireDeserializer<DeviceReply> {
    public DeviceReplyDeserializer() {
        super(DeviceReply.class, DeviceReply::problem);
    }
}
