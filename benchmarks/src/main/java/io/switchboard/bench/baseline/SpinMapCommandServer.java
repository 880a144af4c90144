package io.switchboard.bench.baseline;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Baseline for the benchmarks: the hand-rolled "send a command to a machine, answer in the HTTP
 * response" design that Switchboard replaces. One process; machines hold a WebSocket to it and sit in a
 * static map; the HTTP handler (on a worker thread) writes the command to the machine's socket and then
 * polls a static results map with {@code Thread.sleep(pollMs)} until the answer appears or the timeout
 * passes. So every command in flight holds a thread, an answer waits up to one poll interval before it
 * is seen, and the design only works while there is exactly one server process (the map is local).
 *
 * <p>The static maps and the {@code Thread.sleep} loop are on purpose: they are the patterns the house
 * style forbids in the services, built here only so the suite can measure them beside Switchboard.
 *
 * <p><b>No authentication:</b> the device id is the {@code sub} claim of the JWT given as
 * {@code ?access_token=} or {@code Authorization: Bearer}, decoded from the payload <em>without verifying
 * the signature</em>. The HTTP API takes no credentials either. The baseline measures the waiting design,
 * not security, and skipping the checks only flatters it.
 *
 * <p>Known limits of the design, kept on purpose: an answer that arrives after its request timed out
 * stays in {@link #RESULTS} (nothing will ever remove it); a machine that reconnects replaces its older
 * socket in {@link #DEVICES} without closing it.
 *
 * <pre>java -cp benchmarks-all.jar io.switchboard.bench.baseline.SpinMapCommandServer --port 38095 --poll-ms 10 --threads 200</pre>
 *
 * Endpoints: WebSocket {@code GET /devices/ws}; {@code POST /api/devices/{deviceId}/commands} with
 * {@code {"method","params","timeoutMs"?}} (default 7000 ms); {@code GET /stats} -> {@code {"threads","waiting"}}.
 */
public final class SpinMapCommandServer {
    private static final System.Logger LOG = System.getLogger(SpinMapCommandServer.class.getName());
    /** Connected machines by device id. */
    static final ConcurrentHashMap<String, ServerWebSocket> DEVICES = new ConcurrentHashMap<>();
    /** Answer frames (JSON-RPC responses, as received) by command id. */
    static final ConcurrentHashMap<String, String> RESULTS = new ConcurrentHashMap<>();
    private static final AtomicInteger WAITING = new AtomicInteger();
    private static final long DEFAULT_TIMEOUT_MS = 7000;

    private SpinMapCommandServer() {
    }

    public static void main(String[] args) {
        Map<String, String> o = Options.parse(args, Map.of("--port", "38095", "--poll-ms", "10", "--threads", "200"));
        int port = Integer.parseInt(o.get("--port"));
        long pollMs = Long.parseLong(o.get("--poll-ms"));
        int threads = Integer.parseInt(o.get("--threads"));

        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(threads)
                // a worker spinning for a command's whole timeout is this design's normal case, not a bug
                .setMaxWorkerExecuteTime(5).setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES));
        vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(1 << 20)
                        .setMaxWebSocketMessageSize(1 << 20).setAcceptBacklog(20_000))
                .webSocketHandler(SpinMapCommandServer::onSocket)
                .requestHandler(req -> onRequest(vertx, req, pollMs))
                .listen(port)
                .onSuccess(s -> LOG.log(System.Logger.Level.INFO, "spin-map listening on {0}", s.actualPort()))
                .onFailure(e -> {
                    LOG.log(System.Logger.Level.ERROR, "cannot listen on " + port, e);
                    System.exit(1);
                });
    }

    // ---- device link ----

    private static void onSocket(ServerWebSocket ws) {
        if (!"/devices/ws".equals(ws.path())) {
            ws.reject(404);
            return;
        }
        String deviceId = subjectOf(token(ws));
        if (deviceId == null) {
            ws.reject(401);
            return;
        }
        DEVICES.put(deviceId, ws); // replaces an older socket of the same machine
        ws.textMessageHandler(text -> onFrame(ws, text));
        ws.closeHandler(v -> DEVICES.remove(deviceId, ws));
        ws.exceptionHandler(e -> { });
    }

    private static String token(ServerWebSocket ws) {
        String query = ws.query();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("access_token=")) {
                    return URLDecoder.decode(pair.substring("access_token=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        String auth = ws.headers().get("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    /** The {@code sub} claim of a JWT, read WITHOUT checking the signature (the baseline skips auth). */
    static String subjectOf(String jwt) {
        if (jwt == null) {
            return null;
        }
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            String sub = claims.getString("sub");
            return sub == null || sub.isEmpty() ? null : sub;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void onFrame(ServerWebSocket ws, String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (DecodeException e) {
            return;
        }
        Object id = frame.getValue("id");
        if (id == null) {
            return; // a notification (e.g. status): nothing to answer
        }
        String method = frame.getValue("method") instanceof String m ? m : null;
        if (method == null) {
            if (frame.containsKey("result") || frame.containsKey("error")) {
                RESULTS.put(String.valueOf(id), text); // the answer to a command
            }
            return;
        }
        JsonObject reply = new JsonObject().put("jsonrpc", "2.0").put("id", id);
        if (method.equals("ping")) {
            reply.put("result", "pong");
        } else {
            reply.put("error", new JsonObject().put("code", -32601).put("message", "method not found"));
        }
        ws.writeTextMessage(reply.encode());
    }

    // ---- HTTP ----

    private static void onRequest(Vertx vertx, HttpServerRequest req, long pollMs) {
        String path = req.path();
        if (req.method() == HttpMethod.GET && path.equals("/stats")) {
            json(req, 200, new JsonObject().put("threads", Thread.activeCount()).put("waiting", WAITING.get()).put("devices", DEVICES.size()));
            return;
        }
        String prefix = "/api/devices/";
        String suffix = "/commands";
        if (req.method() == HttpMethod.POST && path.startsWith(prefix) && path.endsWith(suffix)
                && path.length() > prefix.length() + suffix.length()) {
            String deviceId = URLDecoder.decode(path.substring(prefix.length(), path.length() - suffix.length()),
                    StandardCharsets.UTF_8);
            req.body().onFailure(e -> json(req, 400, error("bad_request")))
                    .onSuccess(body -> {
                        JsonObject command;
                        try {
                            command = body.length() == 0 ? null : new JsonObject(body);
                        } catch (DecodeException | ClassCastException e) {
                            command = null;
                        }
                        if (command == null || !(command.getValue("method") instanceof String m) || m.isEmpty()
                                || (command.containsKey("timeoutMs") && !(command.getValue("timeoutMs") instanceof Number))) {
                            json(req, 400, error("bad_request"));
                            return;
                        }
                        JsonObject cmd = command;
                        vertx.executeBlocking(() -> send(deviceId, cmd, pollMs), false)
                                .onSuccess(r -> json(req, r.status, r.body))
                                .onFailure(e -> json(req, 500, error("internal_error")));
                    });
            return;
        }
        json(req, 404, error("not_found"));
    }

    private record Reply(int status, JsonObject body) {
    }

    /** Runs on a worker thread and holds it until the machine answers or the timeout passes. */
    private static Reply send(String deviceId, JsonObject command, long pollMs) throws InterruptedException {
        ServerWebSocket ws = DEVICES.get(deviceId);
        if (ws == null || ws.isClosed()) {
            return new Reply(409, error("device_offline"));
        }
        String method = command.getString("method");
        long timeoutMs = command.getValue("timeoutMs") instanceof Number n ? n.longValue() : DEFAULT_TIMEOUT_MS;
        String id = UUID.randomUUID().toString();
        JsonObject frame = new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (command.getValue("params") != null) {
            frame.put("params", command.getValue("params"));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        WAITING.incrementAndGet();
        try {
            ws.writeTextMessage(frame.encode());
            String r;
            while ((r = RESULTS.remove(id)) == null && System.nanoTime() < deadline) {
                Thread.sleep(pollMs);
            }
            if (r == null) {
                return new Reply(504, error("command_timeout"));
            }
            JsonObject answer = new JsonObject(r);
            JsonObject body = new JsonObject().put("commandId", id).put("deviceId", deviceId).put("method", method);
            if (answer.containsKey("error")) {
                body.put("status", "failed").put("error", answer.getValue("error"));
            } else {
                body.put("status", "succeeded").put("result", answer.getValue("result"));
            }
            return new Reply(200, body);
        } finally {
            WAITING.decrementAndGet();
        }
    }

    private static JsonObject error(String code) {
        return new JsonObject().put("code", code);
    }

    private static void json(HttpServerRequest req, int status, JsonObject body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
