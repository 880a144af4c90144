package io.switchboard.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for body-limit tests: a request can declare a {@code Content-Length} it
 * never sends, or send a chunked body a chunk at a time, and the answer is read whether or not the server
 * read the body. Every request says {@code Connection: close}; the answer is read to the end of the stream.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** An answer: status, headers (lower-case names) and the body as text. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** POSTs with {@code Content-Length: declared} but sends only the first {@code sent} bytes of such a body. */
    public static Reply postDeclared(URI base, String path, Map<String, String> headers, long declared, int sent) {
        try (Socket socket = open(base)) {
            OutputStream out = socket.getOutputStream();
            out.write(head(base, path, headers, "Content-Length: " + declared).getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(filler(sent));
                out.flush();
            } catch (IOException closedByServer) {
                // the server may answer and close before the part we send is written: that is the point
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POSTs {@code body} with {@code Transfer-Encoding: chunked}, {@code chunk} bytes at a time. */
    public static Reply postChunked(URI base, String path, Map<String, String> headers, byte[] body, int chunk) {
        try (Socket socket = open(base)) {
            OutputStream out = socket.getOutputStream();
            out.write(head(base, path, headers, "Transfer-Encoding: chunked").getBytes(StandardCharsets.US_ASCII));
            try {
                for (int at = 0; at < body.length; at += chunk) {
                    int n = Math.min(chunk, body.length - at);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, at, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedByServer) {
                // refused part way: read what the server answered
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code size} bytes of JSON-safe filler ({@code 'a'}). */
    public static byte[] filler(int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) 'a');
        return b;
    }

    private static Socket open(URI base) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static String head(URI base, String path, Map<String, String> headers, String framing) {
        StringBuilder b = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Connection: close\r\n").append(framing).append("\r\n");
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        return b.append("\r\n").toString();
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) != -1; ) {
                all.write(buf, 0, n);
            }
        } catch (IOException reset) {
            // a reset after the answer arrived still leaves the answer readable
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no HTTP answer, got: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers,
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
