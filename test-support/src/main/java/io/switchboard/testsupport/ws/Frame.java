package io.switchboard.testsupport.ws;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One RFC 6455 frame, as a test wants to write it (anything goes: reserved bits, reserved opcodes, no mask,
 * a declared length other than the payload's) or as it was read from the server.
 *
 * @param fin            the FIN bit
 * @param rsv            the three reserved bits, 0 to 7 (RSV1 is 4, RSV2 is 2, RSV3 is 1)
 * @param opcode         0 to 15
 * @param masked         whether the frame carries a masking key (client frames must)
 * @param payload        the payload bytes that are written (unmasked)
 * @param declaredLength the length written in the header, read as unsigned (so 2^63 can be written);
 *                       null means {@code payload.length}
 */
public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload, Long declaredLength) {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    public Frame {
        if (rsv < 0 || rsv > 7 || opcode < 0 || opcode > 15) {
            throw new IllegalArgumentException("rsv 0..7 and opcode 0..15");
        }
        payload = payload == null ? new byte[0] : payload;
    }

    /** A final, masked frame of this opcode. */
    public static Frame of(int opcode, byte[] payload) {
        return new Frame(true, 0, opcode, true, payload, null);
    }

    public static Frame text(String text) {
        return of(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Frame text(byte[] utf8) {
        return of(TEXT, utf8);
    }

    public static Frame binary(byte[] data) {
        return of(BINARY, data);
    }

    public static Frame continuation(byte[] data) {
        return of(CONTINUATION, data);
    }

    public static Frame continuation(String text) {
        return continuation(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Frame ping(byte[] data) {
        return of(PING, data);
    }

    public static Frame pong(byte[] data) {
        return of(PONG, data);
    }

    /** A close frame with a status code and a reason (UTF-8). */
    public static Frame close(int code, String reason) {
        return close(code, reason.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame with a status code and raw reason bytes (which need not be valid UTF-8). */
    public static Frame close(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return of(CLOSE, payload);
    }

    public Frame fin(boolean value) {
        return new Frame(value, rsv, opcode, masked, payload, declaredLength);
    }

    /** Not the last frame of its message. */
    public Frame notFinal() {
        return fin(false);
    }

    public Frame rsv(int value) {
        return new Frame(fin, value, opcode, masked, payload, declaredLength);
    }

    public Frame unmasked() {
        return new Frame(fin, rsv, opcode, false, payload, declaredLength);
    }

    /** Writes {@code length} in the header whatever the payload is (e.g. 2^60 with no payload at all). */
    public Frame declaring(long length) {
        return new Frame(fin, rsv, opcode, masked, payload, length);
    }

    /** The length the header carries (unsigned). */
    public long headerLength() {
        return declaredLength == null ? payload.length : declaredLength;
    }

    public boolean isControl() {
        return opcode >= 0x8;
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame, or 1005 (no status) when its payload is empty. */
    public int closeCode() {
        return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    public String closeReason() {
        return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && fin == f.fin && rsv == f.rsv && opcode == f.opcode && masked == f.masked
                && Objects.equals(declaredLength, f.declaredLength) && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(payload) + opcode;
    }

    @Override
    public String toString() {
        return "Frame[fin=" + fin + ", rsv=" + rsv + ", opcode=" + opcode + ", masked=" + masked + ", length="
                + Long.toUnsignedString(headerLength()) + (opcode == CLOSE ? ", code=" + closeCode() : "") + "]";
    }
}
