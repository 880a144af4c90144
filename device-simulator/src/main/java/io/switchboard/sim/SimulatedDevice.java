package io.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One simulated machine on the device link. It answers each command after a delay, fails a share of
 * them, answers a command id it has seen before with the answer it gave (without acting again), and
 * reconnects with capped, jittered exponential backoff unless the server said "do not reconnect"
 * (close codes 4500-4999). All callbacks run on one Vert.x event loop, so no locking is needed.
 */
public final class SimulatedDevice {
    private static final Logger LOG = Logger.getLogger(SimulatedDevice.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REMEMBERED_ANSWERS = 1024;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final SimulatorConfig config;
    private final String deviceId;
    private final Map<String, String> answers = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_ANSWERS;
        }
    };
    private final Map<String, Boolean> inProgress = new LinkedHashMap<>();
    private final List<Runnable> held = new ArrayList<>();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger actions = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger connects = new AtomicInteger();
    private volatile WebSocket socket;
    private volatile int lastCloseCode = -1;
    private volatile boolean stopped;
    private volatile boolean holding;
    private volatile Context context;
    private int attempt;
    private Consumer<SimulatedDevice> onConnect = d -> { };

    SimulatedDevice(Vertx vertx, WebSocketClient client, SimulatorConfig config, String deviceId) {
        this.vertx = vertx;
        this.client = client;
        this.config = config;
        this.deviceId = deviceId;
    }

    public String deviceId() {
        return deviceId;
    }

    /** How many command frames reached this machine (redeliveries included), counted on arrival. */
    public int received() {
        return received.get();
    }

    /** How many commands this machine carried out (duplicates excluded). */
    public int actions() {
        return actions.get();
    }

    /** How many redelivered command ids it answered from memory. */
    public int duplicates() {
        return duplicates.get();
    }

    /** How many times it connected. */
    public int connects() {
        return connects.get();
    }

    public boolean connected() {
        WebSocket ws = socket;
        return ws != null && !ws.isClosed();
    }

    /** The close code of the last connection the server closed, or -1. */
    public int lastCloseCode() {
        return lastCloseCode;
    }

    void onConnect(Consumer<SimulatedDevice> callback) {
        this.onConnect = callback;
    }

    void start() {
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> connect());
    }

    /**
     * From now on the machine acts on each command but keeps its answer until {@link #releaseAnswers()}: a
     * test can then count the commands that wait at once without racing a timer.
     */
    public void holdAnswers() {
        holding = true;
    }

    /** Sends every answer kept since {@link #holdAnswers()} and answers as usual again. */
    public void releaseAnswers() {
        context.runOnContext(v -> {
            holding = false;
            List<Runnable> due = new ArrayList<>(held);
            held.clear();
            due.forEach(Runnable::run);
        });
    }

    /** Stops reconnecting and closes the socket. */
    public void stop() {
        stopped = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.close((short) 1000, "simulator stopping");
        }
    }

    /** Sends a device notification (e.g. {@code status}); dropped when not connected. */
    public void notify(String method, Map<String, Object> params) {
        WebSocket ws = socket;
        if (ws != null && !ws.isClosed()) {
            ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
            frame.set("params", JSON.valueToTree(params));
            ws.writeTextMessage(frame.toString());
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        String token = config.tokens().apply(deviceId);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(config.uri().toString())
                .addHeader("Authorization", "Bearer " + token);
        client.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                scheduleReconnect("connect failed: " + ar.cause().getMessage());
                return;
            }
            WebSocket ws = ar.result();
            socket = ws;
            attempt = 0;
            connects.incrementAndGet();
            ws.textMessageHandler(text -> onFrame(ws, text));
            ws.closeHandler(v -> onClosed(ws));
            onConnect.accept(this);
        });
    }

    private void onClosed(WebSocket ws) {
        Short code = ws.closeStatusCode();
        lastCloseCode = code == null ? 1006 : code;
        if (socket == ws) {
            socket = null;
        }
        if (lastCloseCode >= 4500 && lastCloseCode <= 4999) {
            LOG.info(() -> "[device " + deviceId + "] closed with " + lastCloseCode + ", not reconnecting");
            return;
        }
        scheduleReconnect("closed with " + lastCloseCode);
    }

    private void scheduleReconnect(String why) {
        if (stopped) {
            return;
        }
        long cap = Math.min(config.maxBackoffMs(), config.minBackoffMs() * (1L << Math.min(attempt, 16)));
        long delay = Math.max(config.minBackoffMs(), ThreadLocalRandom.current().nextLong(cap + 1)); // full jitter
        attempt++;
        LOG.fine(() -> "[device " + deviceId + "] " + why + "; reconnecting in " + delay + " ms");
        vertx.setTimer(delay, t -> connect());
    }

    private void onFrame(WebSocket ws, String text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (Exception e) {
            LOG.warning(() -> "[device " + deviceId + "] unreadable frame from server");
            return;
        }
        JsonNode id = frame.get("id");
        String method = frame.path("method").asText(null);
        if (method == null || id == null || id.isNull()) {
            return; // a response to our own request (e.g. ping) or a notification: nothing to do
        }
        if (method.equals("ping")) {
            ws.writeTextMessage(response(id, JSON.getNodeFactory().textNode("pong")));
            return;
        }
        received.incrementAndGet();
        String key = id.asText();
        String earlier = answers.get(key);
        if (earlier != null) {
            duplicates.incrementAndGet();
            ws.writeTextMessage(earlier);
            return;
        }
        if (inProgress.putIfAbsent(key, Boolean.TRUE) != null) {
            duplicates.incrementAndGet(); // already acting on it: the answer goes out when done
            return;
        }
        long delay = config.delayMs();
        Runnable act = () -> {
            String answer = act(id, method, frame.path("params"));
            inProgress.remove(key);
            answers.put(key, answer);
            WebSocket current = socket;
            if (current != null && !current.isClosed()) {
                current.writeTextMessage(answer);
            }
        };
        Runnable due = () -> {
            if (holding) {
                held.add(act);
            } else {
                act.run();
            }
        };
        if (delay <= 0) {
            due.run();
        } else {
            vertx.setTimer(delay, t -> due.run());
        }
    }

    private String act(JsonNode id, String method, JsonNode params) {
        actions.incrementAndGet();
        if (ThreadLocalRandom.current().nextDouble() < config.failureRate()) {
            ObjectNode error = JSON.createObjectNode().put("code", 1001).put("message", "mechanism jammed");
            error.set("data", JSON.createObjectNode().put("method", method));
            ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0");
            frame.set("id", id);
            frame.set("error", error);
            return frame.toString();
        }
        ObjectNode result = JSON.createObjectNode().put("ok", true).put("method", method)
                .put("deviceId", deviceId).put("action", actions.get());
        if (params != null && params.isObject()) {
            ObjectNode echo = ((ObjectNode) params.deepCopy());
            echo.remove("_meta");
            result.set("params", echo);
        }
        return response(id, result);
    }

    private static String response(JsonNode id, JsonNode result) {
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0");
        frame.set("id", id);
        frame.set("result", result);
        return frame.toString();
    }
}
