package io.switchboard.testsupport.ws;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/** Writes any {@link Frame} to bytes (masking the payload when the frame is masked) and reads server frames. */
public final class FrameCodec {
    private static final SecureRandom RANDOM = new SecureRandom();

    private FrameCodec() {
    }

    /** The frame's bytes on the wire: header, masking key when masked, and the (masked) payload. */
    public static byte[] encode(Frame frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(frame.payload().length + 14);
        out.write((frame.fin() ? 0x80 : 0) | (frame.rsv() << 4) | frame.opcode());
        int mask = frame.masked() ? 0x80 : 0;
        long length = frame.headerLength();
        if (Long.compareUnsigned(length, 126) < 0) {
            out.write(mask | (int) length);
        } else if (Long.compareUnsigned(length, 0xffff) <= 0) {
            out.write(mask | 126);
            out.write((int) (length >> 8) & 0xff);
            out.write((int) length & 0xff);
        } else {
            out.write(mask | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (length >>> (8 * i)) & 0xff);
            }
        }
        byte[] payload = frame.payload();
        if (frame.masked()) {
            byte[] key = new byte[4];
            RANDOM.nextBytes(key);
            out.write(key, 0, 4);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ key[i % 4]);
            }
        } else {
            out.write(payload, 0, payload.length);
        }
        return out.toByteArray();
    }

    /**
     * Reads one frame. Fails with {@link EOFException} when the stream ends first; a payload over
     * {@code maxPayload} is refused rather than allocated.
     */
    public static Frame read(InputStream in, int maxPayload) throws IOException {
        int b0 = readByte(in);
        int b1 = readByte(in);
        long length = b1 & 0x7f;
        if (length == 126) {
            length = ((long) readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte(in);
            }
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] key = masked ? in.readNBytes(4) : null;
        if (length < 0 || length > maxPayload) {
            throw new IOException("server frame of " + length + " bytes, over " + maxPayload);
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("stream ended inside a frame");
        }
        if (key != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i % 4];
            }
        }
        return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 0x7, b0 & 0x0f, masked, payload, null);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }
}
