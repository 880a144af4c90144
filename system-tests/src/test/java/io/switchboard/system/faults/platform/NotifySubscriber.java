package io.switchboard.system.faults.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A browser on one notify-service replica, speaking raw JSON-RPC on {@code /notifications/ws} and
 * subscribed to one channel. It behaves as the JS client does: on a close that means "reconnect"
 * (1001, 1006, 1012, 4000-4499) it reconnects to the same replica and resubscribes with {@code since}
 * (its last offset) and the channel's {@code epoch}; {@code recovered: false} counts as a reset. With
 * {@code repairGaps}, an event whose offset is not the last plus one makes it resubscribe from the last.
 * Everything received is kept, duplicates included, so a test can say what the user saw.
 * All callbacks run on one Vert.x event loop.
 */
public final class NotifySubscriber implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NotifySubscriber.class.getName());
    /** One event notification as it arrived. */
    public record Event(String id, long offset, String epoch, String type, JsonNode data) {
    }

    private final Vertx vertx;
    private final WebSocketClient client;
    private final String url;
    private final String token;
    private final String channel;
    private final boolean repairGaps;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Integer> closes = new CopyOnWriteArrayList<>();
    private final List<JsonNode> subscribeAnswers = new CopyOnWriteArrayList<>();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile WebSocket socket;
    private volatile boolean stopped;
    private volatile boolean resubscribing;
    private volatile long lastOffset = -1;
    private volatile String epoch;
    private volatile CompletableFuture<JsonNode> firstSubscribe = new CompletableFuture<>();

    public NotifySubscriber(Vertx vertx, WebSocketClient client, String url, String token, String channel, boolean repairGaps) {
        this.vertx = vertx;
        this.client = client;
        this.url = url;
        this.token = token;
        this.channel = channel;
        this.repairGaps = repairGaps;
    }

    /**
     * Connects and subscribes, with {@code since} and {@code epoch} when not null (a page that kept them
     * from an earlier visit); completes with the first subscribe answer.
     */
    public CompletableFuture<JsonNode> start(Long since, String sinceEpoch) {
        if (since != null) {
            lastOffset = since;
            epoch = sinceEpoch;
        }
        vertx.runOnContext(v -> connect());
        return firstSubscribe;
    }

    private void connect() {
        if (stopped) {
            return;
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(url).setAllowOriginHeader(false)
                .addHeader("Authorization", "Bearer " + token).setConnectTimeout(5000);
        client.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                vertx.setTimer(200, t -> connect());
                return;
            }
            WebSocket ws = ar.result();
            socket = ws;
            ws.textMessageHandler(this::onFrame);
            ws.closeHandler(v -> onClosed(ws));
            subscribe();
        });
    }

    private void subscribe() {
        ObjectNode params = Json.object().put("channel", channel);
        boolean resuming = lastOffset >= 0;
        if (resuming) {
            params.put("since", lastOffset);
            if (epoch != null) {
                params.put("epoch", epoch);
            }
        }
        resubscribing = true;
        call("subscribe", params).whenComplete((result, failure) -> {
            if (failure != null) {
                if (connected()) {
                    vertx.setTimer(200, t -> subscribe()); // refused for now (e.g. Redis down): retry
                }
                return; // closed: the reconnect subscribes again
            }
            resubscribing = false;
            subscribeAnswers.add(result);
            if (result.has("epoch")) {
                epoch = result.path("epoch").asText();
            }
            boolean recovered = result.path("recovered").asBoolean(true);
            if (resuming && !recovered) {
                resets.incrementAndGet();
            }
            if (!resuming || !recovered) {
                lastOffset = result.path("offset").asLong(); // from the head on: what came before is history
            }
            firstSubscribe.complete(result);
            LOG.log(System.Logger.Level.DEBUG, "[channel {0}] subscribed: {1}", channel, result);
        });
    }

    private CompletableFuture<JsonNode> call(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode frame = Json.object().put("jsonrpc", "2.0").put("id", id).put("method", method);
        frame.set("params", params);
        WebSocket ws = socket;
        if (ws == null || ws.isClosed()) {
            pending.remove(id);
            answer.completeExceptionally(new IllegalStateException("not connected"));
        } else {
            ws.writeTextMessage(frame.toString());
        }
        return answer;
    }

    private void onFrame(String text) {
        JsonNode frame = Json.read(text);
        if (frame.has("id") && (frame.has("result") || frame.has("error"))) {
            CompletableFuture<JsonNode> answer = pending.remove(frame.path("id").asLong());
            if (answer != null) {
                if (frame.has("error")) {
                    answer.completeExceptionally(new IllegalStateException(frame.path("error").toString()));
                } else {
                    answer.complete(frame.path("result"));
                }
            }
            return;
        }
        if (!"event".equals(frame.path("method").asText())) {
            return;
        }
        JsonNode p = frame.path("params");
        Event event = new Event(p.path("id").asText(), p.path("offset").asLong(), p.path("epoch").asText(null),
                p.path("type").asText(), p.path("data"));
        if (repairGaps && lastOffset >= 0 && event.offset() > lastOffset + 1) {
            if (!resubscribing) {
                subscribe(); // resubscribe from the last offset held; the replay brings this one again
            }
            return;
        }
        events.add(event);
        if (event.offset() > lastOffset) {
            lastOffset = event.offset();
            if (event.epoch() != null) {
                epoch = event.epoch();
            }
        }
    }

    private void onClosed(WebSocket ws) {
        Short code = ws.closeStatusCode();
        int c = code == null ? 1006 : code;
        closes.add(c);
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed " + c)));
        pending.clear();
        boolean reconnect = c == 1001 || c == 1006 || c == 1012 || (c >= 4000 && c <= 4499);
        if (!stopped && reconnect) {
            vertx.setTimer(100, t -> connect());
        }
    }

    /** Every event received, in arrival order, duplicates included. */
    public List<Event> events() {
        return new ArrayList<>(events);
    }

    /** The ids received, in arrival order. */
    public List<String> ids() {
        return events.stream().map(Event::id).toList();
    }

    /** Close codes of every connection the server (or the network) closed. */
    public List<Integer> closes() {
        return new ArrayList<>(closes);
    }

    /** Every subscribe answer (the first and each resubscribe). */
    public List<JsonNode> subscribeAnswers() {
        return new ArrayList<>(subscribeAnswers);
    }

    /** How many resubscribes answered {@code recovered: false} (the JS client's {@code reset}). */
    public int resets() {
        return resets.get();
    }

    public String channel() {
        return channel;
    }

    /** The epoch of the channel as last seen (subscribe answer or event), or null. */
    public String epoch() {
        return epoch;
    }

    /** The highest offset received (or the head at the first subscribe). */
    public long lastOffset() {
        return lastOffset;
    }

    public boolean connected() {
        WebSocket ws = socket;
        return ws != null && !ws.isClosed();
    }

    @Override
    public void close() {
        stopped = true;
        WebSocket ws = socket;
        if (ws != null && !ws.isClosed()) {
            ws.close((short) 1000);
        }
    }
}
