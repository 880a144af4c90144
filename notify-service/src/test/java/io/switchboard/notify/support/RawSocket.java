package io.switchboard.notify.support;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * A WebSocket client written by hand on a plain {@link Socket}: it shows the exact upgrade status, and it
 * can stop reading altogether (a stalled browser), which no framework client lets one do.
 */
public final class RawSocket implements Closeable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int status;

    private RawSocket(Socket socket, int status) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.status = status;
    }

    /** Sends the upgrade request with the given headers; {@code receiveBuffer} > 0 shrinks the socket's receive buffer. */
    public static RawSocket upgrade(URI base, Map<String, String> headers, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5000);
        s.setSoTimeout(20_000);
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        StringBuilder req = new StringBuilder("GET /notifications/ws HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        String statusLine = readLine(in);
        while (!readLine(in).isEmpty()) {
            // skip the response headers
        }
        return new RawSocket(s, Integer.parseInt(statusLine.split(" ")[1]));
    }

    public int status() {
        return status;
    }

    public void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendFrame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        byte[] mask = header(frame, opcode, payload.length);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Announces a frame of {@code length} bytes and sends none of them: the server must judge it by its
     * header. (Sending the bytes too would leave them unread when the server closes, and the resulting TCP
     * reset can destroy the close frame before the client reads it.)
     */
    public void announceFrame(int opcode, long length) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        header(frame, opcode, length);
        out.write(frame.toByteArray());
        out.flush();
    }

    private static byte[] header(ByteArrayOutputStream frame, int opcode, long length) {
        frame.write(0x80 | opcode);
        if (length < 126) {
            frame.write(0x80 | (int) length);
        } else if (length < 65536) {
            frame.write(0x80 | 126);
            frame.write((int) (length >> 8));
            frame.write((int) (length & 0xff));
        } else {
            frame.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) (length >> (8 * i)) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask, 0, 4);
        return mask;
    }

    /** Reads frames until a close frame (returns its code) or the end of the stream (returns -1). */
    public int readUntilClose() throws IOException {
        try {
            while (true) {
                int b0 = readByte();
                int b1 = readByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = ((long) readByte() << 8) | readByte();
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | readByte();
                    }
                }
                byte[] payload = in.readNBytes((int) len);
                if (payload.length < len) {
                    return -1;
                }
                if ((b0 & 0x0f) == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                }
            }
        } catch (EOFException | java.net.SocketException e) {
            return -1;
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
