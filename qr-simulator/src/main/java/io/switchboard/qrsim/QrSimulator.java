package io.switchboard.qrsim;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The simulated QR third party, a process of its own that auth-callback-service reaches over HTTP only, as it
 * would a real one ({@code qr.third-party.url} = {@link #url()}). Under {@value #BASE}: {@code POST qr-credentials}
 * issues a qrCodeKey and the QR's URL, {@code GET phone?qrCodeKey=} is the phone page a scanned QR opens, and
 * {@code POST phone} (its Scan, Approve and Deny buttons) posts the signed webhook to auth. Run it as a program
 * (see {@link #main}) or from tests: {@code try (var sim = QrSimulator.start(config)) { sim.url(); ... }}.
 */
public final class QrSimulator implements AutoCloseable {
    static final String BASE = "/sim/third-party";
    private static final Logger LOG = Logger.getLogger(QrSimulator.class.getName());
    private static final Map<String, String> EVENTS = Map.of("scan", "scanned", "approve", "granted", "deny", "denied");
    private static final String HTML = "text/html; charset=utf-8";

    private final SecureRandom random = new SecureRandom();
    private final Vertx vertx;
    private final QrSimulatorConfig config;
    private final IssuedKeys keys;
    private final WebhookSender webhooks;
    private final HttpServer server;

    private QrSimulator(QrSimulatorConfig config) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.config = config;
        this.keys = new IssuedKeys(config.keyTtl());
        this.webhooks = new WebhookSender(vertx, config.webhookUrl(), config.webhookSecret());
        this.server = vertx.createHttpServer().requestHandler(this::route);
    }

    /** Starts the simulator and waits until it listens. */
    public static QrSimulator start(QrSimulatorConfig config) {
        QrSimulator sim = new QrSimulator(config);
        try {
            sim.server.listen(config.port(), "0.0.0.0").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            sim.close();
            throw new IllegalStateException("QR simulator could not listen on port " + config.port(), e);
        }
        LOG.info(() -> "[sim] QR third party on " + sim.url() + ", webhooks to " + config.webhookUrl());
        return sim;
    }

    /** The port it listens on. */
    public int port() {
        return server.actualPort();
    }

    /** The credential API's base URL, what auth's {@code qr.third-party.url} takes. */
    public String url() {
        return "http://127.0.0.1:" + port() + BASE;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private void route(HttpServerRequest req) {
        switch (req.method().name() + " " + req.path()) {
            case "POST " + BASE + "/qr-credentials" -> req.body().onSuccess(body -> issue(req, body.toString()));
            case "GET " + BASE + "/phone" -> phone(req);
            case "POST " + BASE + "/phone" -> {
                req.setExpectMultipart(true);
                req.end().onSuccess(v -> act(req));
            }
            default -> req.response().setStatusCode(404).putHeader("content-type", "text/plain").end("not found");
        }
    }

    private void issue(HttpServerRequest req, String body) {
        String busNo;
        try {
            busNo = new JsonObject(body).getString("busNo");
        } catch (DecodeException | ClassCastException e) {
            busNo = null;
        }
        if (busNo == null || busNo.isBlank()) {
            badRequest(req, "busNo is required");
            return;
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String key = "sim_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String base = config.phoneBaseUrl() != null ? config.phoneBaseUrl() : "http://" + host(req) + BASE;
        keys.remember(key);
        LOG.fine(() -> "[sim] issued " + key);
        req.response().putHeader("content-type", "application/json").end(new JsonObject().put("qrCodeKey", key)
                .put("qrUrl", base + "/phone?qrCodeKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8)).encode());
    }

    private void phone(HttpServerRequest req) {
        String key = req.getParam("qrCodeKey", "");
        boolean known = keys.known(key);
        req.response().setStatusCode(known ? 200 : 404).putHeader("content-type", HTML)
                .end(known ? PhonePage.actions(key, null) : PhonePage.unknown(key));
    }

    private void act(HttpServerRequest req) {
        String key = req.getFormAttribute("qrCodeKey");
        String event = EVENTS.get(req.getFormAttribute("action") == null ? "" : req.getFormAttribute("action"));
        if (event == null || key == null || key.isBlank()) {
            badRequest(req, "qrCodeKey and action (scan|approve|deny) are required");
            return;
        }
        String userId = req.getFormAttribute("userId");
        String userName = req.getFormAttribute("userName");
        webhooks.send(key, event, userId == null || userId.isBlank() ? "user-42" : userId, userName == null ? "" : userName)
                .onSuccess(d -> req.response().putHeader("content-type", HTML)
                        .end(PhonePage.actions(key, event + ": webhook answered " + d.status() + " " + d.body())));
    }

    private static String host(HttpServerRequest req) {
        String host = req.getHeader("host");
        return host != null ? host : "127.0.0.1:" + req.localAddress().port();
    }

    private static void badRequest(HttpServerRequest req, String detail) {
        req.response().setStatusCode(400).putHeader("content-type", "application/problem+json")
                .end(new JsonObject().put("type", "https://switchboard.io/problems/bad-request").put("title", "Bad request")
                        .put("status", 400).put("detail", detail).put("code", "bad_request").encode());
    }

    private static final String USAGE = """
            usage: java -jar qr-simulator/target/qr-simulator-*-all.jar [option value ...]
              --port            listening port (default 8085)
              --webhook-url     where the phone's buttons post the signed webhook
                                (default http://127.0.0.1:8083/api/callbacks/qr-grants)
              --webhook-secret  whsec_<base64> secret to sign with, one of auth's qr.webhook.secrets
                                (default: the first of the environment's QR_WEBHOOK_SECRETS; required)
              --phone-base-url  base URL the QR code opens (default: this simulator's URL as called)
              --key-ttl-s       seconds an issued qrCodeKey is known to the phone page (default 600)
              --help            this text
            auth-callback-service's QR_THIRD_PARTY_URL is then http://127.0.0.1:<port>/sim/third-party""";

    /** {@code java -jar qr-simulator-all.jar --port 8085 --webhook-url http://127.0.0.1:8083/api/callbacks/qr-grants}. */
    public static void main(String[] args) throws InterruptedException {
        String envSecret = System.getenv().getOrDefault("QR_WEBHOOK_SECRETS", "").split(",")[0].trim();
        Map<String, String> opts = new LinkedHashMap<>(Map.of("--port", "8085",
                "--webhook-url", "http://127.0.0.1:8083/api/callbacks/qr-grants", "--webhook-secret", envSecret,
                "--phone-base-url", "", "--key-ttl-s", "600"));
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--help")) {
                System.out.println(USAGE);
                return;
            }
            if (!opts.containsKey(args[i]) || i + 1 == args.length) {
                System.err.println("bad option " + args[i] + "\n" + USAGE);
                System.exit(2);
            }
            opts.put(args[i], args[i + 1]);
        }
        QrSimulatorConfig config;
        try {
            config = new QrSimulatorConfig(Integer.parseInt(opts.get("--port")), opts.get("--webhook-url"),
                    opts.get("--webhook-secret"), opts.get("--phone-base-url").isBlank() ? null : opts.get("--phone-base-url"),
                    Duration.ofSeconds(Long.parseLong(opts.get("--key-ttl-s"))));
            WebhookSender.key(config.webhookSecret());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        QrSimulator sim = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        Thread.currentThread().join();
    }
}
