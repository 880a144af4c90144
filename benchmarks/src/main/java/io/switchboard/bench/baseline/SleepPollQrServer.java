package io.switchboard.bench.baseline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * Baseline for the benchmarks: the hand-rolled QR-login wait that Switchboard replaces. The login page
 * long-polls {@code GET /api/qr-logins/{id}?waitSeconds=N}; the request thread loops "{@code GET} the key
 * in Redis, {@code Thread.sleep(pollMs)}" until the phone's grant appears or the wait is over. A waiting
 * page therefore holds a thread (JDK HTTP server on a cached thread pool: one thread per waiting request)
 * and issues one Redis {@code GET} per poll interval, and a grant is seen up to one interval late.
 *
 * <p>The static maps and the {@code Thread.sleep} loop are on purpose: they are the patterns the house
 * style forbids in the services, built here only so the suite can measure them beside Switchboard.
 *
 * <p>No authentication on any endpoint (the baseline measures the waiting design). The grant is consumed
 * by {@code GET} followed by {@code DEL}, not atomically: two pages polling the same login at once can
 * both see it, as in the code this stands for.
 *
 * <pre>java -cp benchmarks-all.jar io.switchboard.bench.baseline.SleepPollQrServer --port 38096
 *   --redis redis://127.0.0.1:36379 --poll-ms 1000 --pool 64</pre>
 *
 * Endpoints: {@code POST /api/qr-logins} -> 201 {@code {"loginId","qrCodeKey"}};
 * {@code GET /api/qr-logins/{loginId}?waitSeconds=N} (N <= 30) -> {@code {"state":"granted","user"}} or
 * {@code {"state":"pending"}}, 404 when unknown or expired; {@code POST /api/callbacks/qr-grants} with
 * {@code {"qrCodeKey","event":"granted","user"}} -> 200 {@code {}}, 404 for an unknown key;
 * {@code GET /stats} -> {@code {"threads","waiting"}}.
 */
public final class SleepPollQrServer {
    private static final System.Logger LOG = System.getLogger(SleepPollQrServer.class.getName());
    private static final String KEY = "naive:qr:key:";
    private static final String LOGIN = "naive:qr:login:";
    private static final long TTL_SECONDS = 300;
    private static final int MAX_WAIT_SECONDS = 30;
    private static final String GRANTED = "granted|";

    private final JedisPooled redis;
    private final long pollMs;
    private final AtomicInteger waiting = new AtomicInteger();

    private SleepPollQrServer(JedisPooled redis, long pollMs) {
        this.redis = redis;
        this.pollMs = pollMs;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> o = Options.parse(args, Map.of("--port", "38096", "--redis", "redis://127.0.0.1:36379",
                "--poll-ms", "1000", "--pool", "64"));
        int port = Integer.parseInt(o.get("--port"));
        int pool = Integer.parseInt(o.get("--pool"));
        ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
        poolConfig.setMaxTotal(pool);
        poolConfig.setMaxIdle(pool);
        JedisPooled redis = new JedisPooled(poolConfig, URI.create(o.get("--redis")));
        redis.ping(); // fail fast when Redis is not there
        SleepPollQrServer app = new SleepPollQrServer(redis, Long.parseLong(o.get("--poll-ms")));

        HttpServer server = HttpServer.create(new InetSocketAddress(port), 20_000);
        server.setExecutor(Executors.newCachedThreadPool()); // a thread per waiting request
        server.createContext("/", app::handle);
        server.start();
        LOG.log(System.Logger.Level.INFO, "sleep-poll listening on {0}", port);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            if (method.equals("GET") && path.equals("/stats")) {
                send(ex, 200, new JsonObject().put("threads", Thread.activeCount()).put("waiting", waiting.get()));
            } else if (method.equals("POST") && path.equals("/api/qr-logins")) {
                drain(ex);
                create(ex);
            } else if (method.equals("GET") && path.startsWith("/api/qr-logins/") && path.length() > "/api/qr-logins/".length()) {
                waiting.incrementAndGet();
                try {
                    await(ex, path.substring("/api/qr-logins/".length()));
                } finally {
                    waiting.decrementAndGet();
                }
            } else if (method.equals("POST") && path.equals("/api/callbacks/qr-grants")) {
                grant(ex);
            } else {
                send(ex, 404, error("not_found"));
            }
        } catch (RuntimeException e) { // e.g. Redis down or pool exhausted
            send(ex, 500, error("internal_error"));
        } finally {
            ex.close();
        }
    }

    private void create(HttpExchange ex) throws IOException {
        String loginId = UUID.randomUUID().toString();
        String qrCodeKey = UUID.randomUUID().toString();
        redis.set(KEY + qrCodeKey, loginId, SetParams.setParams().ex(TTL_SECONDS));
        redis.set(LOGIN + loginId, "pending", SetParams.setParams().ex(TTL_SECONDS));
        send(ex, 201, new JsonObject().put("loginId", loginId).put("qrCodeKey", qrCodeKey));
    }

    /** Holds the request thread: GET, sleep, GET, ... until granted or the wait is over. */
    private void await(HttpExchange ex, String loginId) throws IOException {
        int waitSeconds;
        try {
            waitSeconds = Math.max(0, Math.min(MAX_WAIT_SECONDS, Integer.parseInt(queryParam(ex, "waitSeconds", "0"))));
        } catch (NumberFormatException e) {
            send(ex, 400, error("bad_request"));
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        String key = LOGIN + loginId;
        while (true) {
            String v = redis.get(key);
            if (v == null) {
                send(ex, 404, error("login_not_found"));
                return;
            }
            if (v.startsWith(GRANTED)) {
                redis.del(key); // consume once
                JsonObject body = new JsonObject().put("state", "granted");
                body.put("user", new JsonObject(v.substring(GRANTED.length())));
                send(ex, 200, body);
                return;
            }
            if (System.nanoTime() >= deadline) {
                send(ex, 200, new JsonObject().put("state", "pending"));
                return;
            }
            try {
                Thread.sleep(pollMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send(ex, 200, new JsonObject().put("state", "pending"));
                return;
            }
        }
    }

    private void grant(HttpExchange ex) throws IOException {
        JsonObject body;
        try (InputStream in = ex.getRequestBody()) {
            body = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (DecodeException e) {
            send(ex, 400, error("bad_request"));
            return;
        }
        if (!(body.getValue("qrCodeKey") instanceof String qrCodeKey) || !"granted".equals(body.getValue("event"))
                || !(body.getValue("user") instanceof JsonObject user)) {
            send(ex, 400, error("bad_request"));
            return;
        }
        String loginId = redis.get(KEY + qrCodeKey);
        if (loginId == null) {
            send(ex, 404, error("unknown_qr_code"));
            return;
        }
        // XX: only while the login still exists (not after it expired or its grant was consumed)
        if (redis.set(LOGIN + loginId, GRANTED + user.encode(), SetParams.setParams().xx().keepTtl()) == null) {
            send(ex, 404, error("login_not_found"));
            return;
        }
        send(ex, 200, new JsonObject());
    }

    private static String queryParam(HttpExchange ex, String name, String fallback) {
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return fallback;
    }

    private static void drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
        }
    }

    private static JsonObject error(String code) {
        return new JsonObject().put("code", code);
    }

    private static void send(HttpExchange ex, int status, JsonObject body) throws IOException {
        byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
