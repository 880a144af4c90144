package io.switchboard.notify.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.switchboard.testsupport.ContractSchemas;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test browser on /notifications/ws: JSON-RPC calls with answers by id, and the event notifications it received.
 * Every frame the server sends is checked against contract/schemas (an event notification, an error, the result of
 * the method asked); a frame that breaks its schema fails the test at the next call, wait or close.
 */
public final class Browser implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** The page origin the test profile allows ({@code %test.notify.allowed-origins}). */
    public static final String ORIGIN = "https://shop.example";

    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final AtomicReference<CloseReason> closed = new AtomicReference<>();
    /** The method of each request sent, by id: which result schema its answer must satisfy. */
    private final Map<String, String> methods = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private WebSocketClientConnection connection;

    private Browser() {
    }

    /** Connects with the token in the Authorization header. */
    public static Browser connect(BasicWebSocketConnector connector, URI base, String token) {
        return open(connector.addHeader("Authorization", "Bearer " + token), base);
    }

    /** Connects the way a browser must: the token rides in the bearer-token-carrier subprotocol. */
    public static Browser connectWithSubprotocol(BasicWebSocketConnector connector, URI base, String token) {
        String carried = URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8);
        return open(connector.addSubprotocol("bearer-token-carrier").addSubprotocol(carried), base);
    }

    private static Browser open(BasicWebSocketConnector connector, URI base) {
        Browser b = new Browser();
        b.connection = connector.baseUri(base).path("/notifications/ws").addHeader("Origin", ORIGIN)
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((c, text) -> b.onText(text))
                .onClose((c, reason) -> b.closed.set(reason))
                .connectAndAwait();
        return b;
    }

    private void onText(String text) {
        try {
            JsonNode frame = JSON.readTree(text);
            String schema = schemaOf(frame);
            if (schema != null) {
                ContractSchemas.errors(schema, text).forEach(e -> violations.add(schema + ": " + e + " in " + text));
            }
            if ("event".equals(frame.path("method").asText())) {
                events.add(frame.get("params"));
            } else if (frame.has("id")) {
                answers.computeIfAbsent(frame.get("id").asText(), k -> new CompletableFuture<>()).complete(frame);
            }
        } catch (Exception e) {
            throw new IllegalStateException("unreadable frame: " + text, e);
        }
    }

    /** The contract schema a frame from the server must satisfy, or null when this browser cannot tell. */
    private String schemaOf(JsonNode frame) {
        if ("event".equals(frame.path("method").asText())) {
            return "browser-event-notification.json";
        }
        if (frame.has("error")) {
            return "jsonrpc-error.json";
        }
        String method = frame.has("result") ? methods.get(frame.path("id").asText()) : null;
        if (method == null) {
            return null;
        }
        return switch (method) {
            case "ping" -> "ping-result.json";
            case "subscribe", "unsubscribe", "publish", "ack" -> "browser-" + method + "-result.json";
            default -> null;
        };
    }

    /** Fails when a frame the server sent so far broke its contract schema. */
    public void assertContract() {
        if (!violations.isEmpty()) {
            throw new AssertionError("frames not valid against contract/schemas: " + violations);
        }
    }

    /** Sends a request and returns the whole answer frame (result or error). */
    public JsonNode call(String method, Map<String, ?> params) {
        String id = "r" + ids.incrementAndGet();
        methods.put(id, method);
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            frame.set("params", JSON.valueToTree(params));
        }
        return sendRaw(frame.toString(), id);
    }

    public JsonNode sendRaw(String text, String answerId) {
        CompletableFuture<JsonNode> answer = answers.computeIfAbsent(answerId, k -> new CompletableFuture<>());
        connection.sendTextAndAwait(text);
        JsonNode frame;
        try {
            frame = answer.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer to " + text, e);
        }
        assertContract();
        return frame;
    }

    public JsonNode subscribe(String channel) {
        return call("subscribe", Map.of("channel", channel)).get("result");
    }

    public JsonNode subscribe(String channel, long since) {
        return call("subscribe", Map.of("channel", channel, "since", since)).get("result");
    }

    public JsonNode subscribe(String channel, long since, String epoch) {
        return call("subscribe", Map.of("channel", channel, "since", since, "epoch", epoch)).get("result");
    }

    /** The close reason, or null while the socket is open. */
    public CloseReason closeReason() {
        return closed.get();
    }

    /** The event notifications received on a channel, in arrival order. */
    public List<JsonNode> events(String channel) {
        return events.stream().filter(e -> channel.equals(e.path("channel").asText())).toList();
    }

    public List<String> eventIds(String channel) {
        return events(channel).stream().map(e -> e.path("id").asText()).toList();
    }

    public List<Long> offsets(String channel) {
        return events(channel).stream().map(e -> e.path("offset").asLong()).toList();
    }

    /** Waits until the channel has at least {@code n} events. */
    public List<JsonNode> awaitEvents(String channel, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> events(channel).size() >= n);
        assertContract();
        return events(channel);
    }

    /** Waits until an event with this id arrived on the channel. */
    public void awaitEvent(String channel, String eventId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> eventIds(channel).contains(eventId));
        assertContract();
    }

    public CloseReason awaitClosed() {
        await().atMost(Duration.ofSeconds(30)).until(() -> closed.get() != null);
        return closed.get();
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    public void sendText(String text) {
        connection.sendTextAndAwait(text);
    }

    public void sendBinary(byte[] data) {
        connection.sendBinaryAndAwait(io.vertx.core.buffer.Buffer.buffer(data));
    }

    @Override
    public void close() {
        if (connection.isOpen()) {
            connection.closeAndAwait();
        }
        assertContract();
    }
}
