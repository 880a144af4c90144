package io.switchboard.device;

/**
 * A typed failure a handler throws (or completes its stage with): the device answers with the JSON-RPC error
 * {@code {code, message, data}}, which the caller sees as the command's {@code error}. Any integer code is the
 * device's own (e.g. 1001 "mechanism jammed"); -32602 (bad params) and the other reserved codes mean what
 * docs/contract.md says.
 */
public class DeviceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient Object data;

    public DeviceException(int code, String message) {
        this(code, message, null);
    }

    /** With {@code data}: any value Jackson can write (a Map, a record, a JsonNode), or null. */
    public DeviceException(int code, String message, Object data) {
        super(message);
        this.code = code;
        this.data = data;
    }

    public int code() {
        return code;
    }

    public Object data() {
        return data;
    }
}
