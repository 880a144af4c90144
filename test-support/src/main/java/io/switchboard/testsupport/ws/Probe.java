package io.switchboard.testsupport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** The assertions the cases share: JSON-RPC pings padded to a size, pongs, and how a socket was closed. */
public final class Probe {
    /** How long a case waits for an answer or a close. */
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Probe() {
    }

    /** A JSON-RPC {@code ping} request with this id, padded with a {@code params.pad} string to exactly {@code bytes} UTF-8 bytes. */
    public static String pingRequest(String id, int bytes) {
        String head = "{\"jsonrpc\":\"2.0\",\"id\":" + quote(id) + ",\"method\":\"ping\",\"params\":{\"pad\":\"";
        String tail = "\"}}";
        int pad = bytes - head.getBytes(StandardCharsets.UTF_8).length - tail.length();
        if (pad < 0) {
            throw new IllegalArgumentException("a ping request takes more than " + bytes + " bytes");
        }
        return head + "x".repeat(pad) + tail;
    }

    /** A JSON-RPC {@code ping} request with this id, no padding. */
    public static String pingRequest(String id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + quote(id) + ",\"method\":\"ping\"}";
    }

    public static String newId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Reads text frames until the answer to {@code id} and asserts it is {@code "pong"}. */
    public static void assertPong(RawWebSocket ws, String id) throws IOException {
        JsonNode answer = answerTo(ws, id);
        assertThat(answer.path("result").asText()).as("answer to ping %s: %s", id, answer).isEqualTo("pong");
    }

    /** Reads text frames until a JSON-RPC answer with this id (a string, compared exactly) and returns it. */
    public static JsonNode answerTo(RawWebSocket ws, String id) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode answer = JSON.readTree(ws.readText(Duration.ofNanos(deadline - System.nanoTime())));
            if (answer.path("id").isTextual() && answer.path("id").asText().equals(id)) {
                return answer;
            }
        }
        return fail("no answer to id %s within %s", id, WAIT);
    }

    /** Reads the next text frame and asserts it is a JSON-RPC error with this code. */
    public static void assertError(RawWebSocket ws, int code) throws IOException {
        JsonNode answer = JSON.readTree(ws.readText(WAIT));
        assertThat(answer.path("error").path("code").asInt()).as("answer %s", answer).isEqualTo(code);
    }

    /** The socket still answers a JSON-RPC ping. */
    public static void assertAnswersPing(RawWebSocket ws) throws IOException {
        String id = newId();
        ws.sendText(pingRequest(id));
        assertPong(ws, id);
    }

    /** The server closes the socket with a close frame carrying {@code code}. */
    public static CloseOutcome assertClosedWith(RawWebSocket ws, int code) throws IOException {
        CloseOutcome outcome = ws.awaitClose(WAIT);
        assertThat(outcome.code()).as("expected close %d, got %s", code, outcome).isEqualTo(code);
        return outcome;
    }

    /** Closes the socket from the client side with 1000 and expects the server's echo. */
    public static void closeNormally(RawWebSocket ws) throws IOException {
        ws.send(Frame.close(1000, ""));
        assertClosedWith(ws, 1000);
    }

    /** A fresh connection to the endpoint still answers a JSON-RPC ping (the server survived the case). */
    public static void assertServerAlive(Endpoint endpoint) throws IOException {
        try (RawWebSocket ws = endpoint.open()) {
            assertAnswersPing(ws);
            closeNormally(ws);
        }
    }

    static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
