package io.switchboard.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A device that does the WebSocket handshake and then stops reading: with a tiny receive buffer, the
 * gateway's writes to it soon stop completing (its TCP buffers fill), as with a machine that hangs.
 * {@link #readUntilClose()} starts reading again and returns the close code the server sent.
 */
public final class StalledDevice implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    private StalledDevice(Socket socket, InputStream in) {
        this.socket = socket;
        this.in = in;
    }

    public static StalledDevice connect(URI http, String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(http.getHost(), http.getPort()), 5_000);
        socket.setSoTimeout(30_000);
        String key = Base64.getEncoder().encodeToString("stalled-device-16".getBytes(StandardCharsets.US_ASCII));
        String request = "GET " + http.getRawPath() + " HTTP/1.1\r\nHost: " + http.getHost() + ":" + http.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
        }
        return new StalledDevice(socket, in);
    }

    /** Reads the response head byte by byte, so no frame after it is consumed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Reads (and drops) frames until a close frame; its code, or 1006 when the connection ended without one. */
    public int readUntilClose() throws IOException {
        DataInputStream frames = new DataInputStream(in);
        try {
            while (true) {
                int first = frames.readUnsignedByte();
                int second = frames.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = frames.readUnsignedShort();
                } else if (length == 127) {
                    length = frames.readLong();
                }
                byte[] payload = frames.readNBytes((int) length);
                if ((first & 0x0f) == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                }
            }
        } catch (java.io.EOFException | java.net.SocketException ended) {
            return 1006;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
