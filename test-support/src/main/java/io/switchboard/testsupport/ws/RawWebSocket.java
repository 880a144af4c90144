package io.switchboard.testsupport.ws;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket client written by hand on a plain {@link Socket}, for protocol tests: it sends whatever frame
 * it is given ({@link Frame}, {@link FrameCodec}), byte by byte if asked, and reports exactly how the server
 * ended the connection ({@link #awaitClose(Duration)}). Not thread-safe; one test drives one socket.
 */
public final class RawWebSocket implements Closeable {
    /** Server frames larger than this are not read into memory. */
    private static final int MAX_SERVER_FRAME = 1 << 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int status;
    private final Map<String, String> responseHeaders;

    private RawWebSocket(Socket socket, InputStream in, int status, Map<String, String> responseHeaders) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.status = status;
        this.responseHeaders = responseHeaders;
    }

    /**
     * Opens a TCP connection to {@code base}'s host and port and sends the upgrade request for {@code path}
     * with these extra headers (e.g. {@code Authorization}, {@code Origin}, {@code Sec-WebSocket-Protocol}).
     * Returns whatever the server answered: check {@link #status()} (101 when upgraded).
     */
    public static RawWebSocket connect(URI base, String path, Map<String, String> headers) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        s.setSoTimeout(10_000);
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        StringBuilder req = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        String statusLine = readLine(in);
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                responseHeaders.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        String[] parts = statusLine.split(" ");
        if (parts.length < 2) {
            s.close();
            throw new IOException("no HTTP status line: '" + statusLine + "'");
        }
        return new RawWebSocket(s, in, Integer.parseInt(parts[1]), responseHeaders);
    }

    /** The upgrade's HTTP status: 101 when the socket is open. */
    public int status() {
        return status;
    }

    /** A response header of the upgrade (name in any case), or null. */
    public String responseHeader(String name) {
        return responseHeaders.get(name.toLowerCase(Locale.ROOT));
    }

    /** Writes these frames back to back in one TCP write. */
    public void send(Frame... frames) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Frame f : frames) {
            bytes.writeBytes(FrameCodec.encode(f));
        }
        out.write(bytes.toByteArray());
        out.flush();
    }

    public void sendText(String text) throws IOException {
        send(Frame.text(text));
    }

    /** Writes the frames' bytes in writes of {@code chunk} bytes each, flushed one by one. */
    public void sendChopped(int chunk, Frame... frames) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Frame f : frames) {
            bytes.writeBytes(FrameCodec.encode(f));
        }
        byte[] all = bytes.toByteArray();
        for (int i = 0; i < all.length; i += chunk) {
            out.write(all, i, Math.min(chunk, all.length - i));
            out.flush();
        }
    }

    /** Writes raw bytes, for what {@link Frame} cannot express. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame from the server within {@code timeout}; fails if none comes or the connection ends. */
    public Frame read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        return FrameCodec.read(in, MAX_SERVER_FRAME);
    }

    /** The next text frame within {@code timeout}, skipping control frames (e.g. the server's keep-alive ping). */
    public String readText(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame f = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (f.opcode() == Frame.TEXT) {
                return f.text();
            }
            if (f.opcode() == Frame.CLOSE) {
                throw new IOException("closed by the server with " + f.closeCode() + " while a text frame was expected");
            }
        }
    }

    /**
     * Reads until the server's close frame, the end of the TCP connection, or {@code timeout}, whichever
     * comes first; never blocks longer. Frames before the close are kept in the outcome.
     */
    public CloseOutcome awaitClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> before = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return CloseOutcome.stillOpen(before);
            }
            try {
                Frame f = read(Duration.ofNanos(left));
                if (f.opcode() == Frame.CLOSE) {
                    return CloseOutcome.closeFrame(f, before);
                }
                before.add(f);
            } catch (SocketTimeoutException e) {
                return CloseOutcome.stillOpen(before);
            } catch (EOFException | SocketException e) {
                return CloseOutcome.tcpClosed(before);
            }
        }
    }

    /**
     * After the server's close frame: the frames it still sends until it closes the TCP connection (there
     * should be none), or until {@code timeout}.
     */
    public List<Frame> framesUntilEnd(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> after = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try {
                after.add(read(Duration.ofNanos(deadline - System.nanoTime())));
            } catch (SocketTimeoutException | EOFException | SocketException e) {
                break;
            }
        }
        return after;
    }

    @Override
    public void close() throws IOException {
        socket.close();
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
}
