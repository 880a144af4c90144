package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.switchboard.qrsim.QrSimulator;
import io.switchboard.qrsim.QrSimulatorConfig;
import io.switchboard.system.support.Api;
import io.switchboard.system.support.OtlpReceiver;
import io.switchboard.system.support.ServiceProcess;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three flows traced across processes (docs/observability.md), each service its own process with tracing on,
 * exporting by OTLP/HTTP to a receiver this test runs; each caller starts the trace with its own
 * {@code traceparent}, so the test knows the trace id beforehand. A command: command-service and a device-gateway,
 * and a machine (this test's WebSocket client) that continues the trace from the frame's
 * {@code params._meta.traceparent} and exports its own span. A notification: ingest, history write and the fan-out
 * to a subscribed browser across Redis pub/sub. A QR login: the webhook, the wake of the waiting browser across
 * Redis pub/sub, and the grant.
 */
class TracingSystemTest {
    private static final System.Logger LOG = System.getLogger(TracingSystemTest.class.getName());
    private static final HexFormat HEX = HexFormat.of();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static OtlpReceiver receiver;
    static ServiceProcess gateway;
    static ServiceProcess commands;

    @BeforeAll
    static void start() throws Exception {
        Infra.ensureStarted();
        receiver = new OtlpReceiver();
        Path root = Path.of(System.getProperty("switchboard.root", Infra.projectRoot().toString()));
        Map<String, String> tracing = tracing();
        int gatewayPort = ServiceProcess.freePort();
        int commandsPort = ServiceProcess.freePort();
        while (commandsPort == gatewayPort) { // the first is not bound yet: the OS may hand it out again
            commandsPort = ServiceProcess.freePort();
        }
        gateway = ServiceProcess.start(root, "device-gateway", "tracing-gateway", gatewayPort, tracing);
        Map<String, String> commandsEnv = new HashMap<>(tracing);
        // its own reply group: every report reaches this traced instance, even beside other tests' replicas
        commandsEnv.put("MP_MESSAGING_INCOMING_DEVICE_REPLIES_GROUP_ID", "command-service-tracing-" + UUID.randomUUID());
        commands = ServiceProcess.start(root, "command-service", "tracing-command-service", commandsPort, commandsEnv);
        gateway.awaitReady(Duration.ofSeconds(90));
        commands.awaitReady(Duration.ofSeconds(90));
    }

    /**
     * Tracing on: an OTLP endpoint is configured (common config/TracingSwitch), the receiver's, by OTLP/HTTP, every
     * 100 ms.
     */
    private static Map<String, String> tracing() {
        return ServiceProcess.env("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms");
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess p : new ServiceProcess[] {gateway, commands}) {
            if (p != null) {
                p.close();
            }
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void shouldTraceACommandAcrossBothServicesAndTheDevice() throws Exception {
        String deviceId = "traced-" + UUID.randomUUID().toString().substring(0, 8);
        Machine machine = Machine.connect(gateway.ws("/devices/ws"), deviceId, receiver.endpoint());
        Api api = new Api(commands.base(), Tokens.of("operator", "op-tracing"));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/devices/" + deviceId).status() == 200);
        // a first command warms the path (the first fetch of a just-assigned partition, class loading), so the
        // logged trace shows a command's usual spans
        assertThat(api.commandNow(deviceId, "{\"method\":\"dispense\"}").status()).isEqualTo(200);
        assertThat(machine.frames.poll(5, TimeUnit.SECONDS)).isNotNull();
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);

        Api.Reply reply = api.commandNow(deviceId, "{\"method\":\"dispense\",\"params\":{\"bag\":3}}",
                "traceparent", "00-" + traceId + "-" + callerSpan + "-01");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("status").asText()).isEqualTo("succeeded");
        JsonNode frame = machine.frames.poll(5, TimeUnit.SECONDS);
        assertThat(frame).isNotNull();
        String traceparent = frame.path("params").path("_meta").path("traceparent").asText();
        assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(frame.path("params").path("_meta").path("deadline").asText()).isNotEmpty();
        String commandSpan = traceparent.split("-")[2];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<OtlpReceiver.Received> spans = receiver.spans(traceId);
            assertThat(spans).anyMatch(span("command-service", "SERVER", n -> n.startsWith("POST")))
                    .anyMatch(span("command-service", "PRODUCER", n -> n.contains("device.commands")))
                    .anyMatch(span("device-gateway", "CONSUMER", n -> n.contains("device.commands")))
                    .anyMatch(span("device-gateway", "CLIENT", n -> n.equals("device.command")))
                    .anyMatch(span("device-gateway", "INTERNAL", n -> n.equals("device.write")))
                    .anyMatch(span("device", "SERVER", n -> n.equals("dispense")))
                    .anyMatch(span("device-gateway", "PRODUCER", n -> n.contains("device.replies")))
                    .anyMatch(span("command-service", "CONSUMER", n -> n.contains("device.replies")));
            assertThat(spans).filteredOn(s -> s.name().equals("device.command")).extracting(OtlpReceiver.Received::spanId)
                    .containsExactly(commandSpan);
            assertThat(spans).filteredOn(span("command-service", "SERVER", n -> n.startsWith("POST")))
                    .extracting(OtlpReceiver.Received::parentSpanId).containsExactly(callerSpan);
        });
        log(traceId);
        machine.close();
    }

    @Test
    void shouldTraceANotificationFromIngestThroughTheHistoryWriteToTheFanOut() throws Exception {
        Path root = Path.of(System.getProperty("switchboard.root", Infra.projectRoot().toString()));
        try (ServiceProcess notify = ServiceProcess.start(root, "notify-service", "tracing-notify-service", tracing())) {
            notify.awaitReady(Duration.ofSeconds(90));
            String user = "traced-" + UUID.randomUUID().toString().substring(0, 8);
            String channel = "user:" + user;
            LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
            WebSocket browser = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + Tokens.of("customer", user))
                    .buildAsync(URI.create(notify.ws("/notifications/ws")), new Frames(frames)).join();
            browser.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\""
                    + channel + "\"}}", true).join();
            JsonNode subscribed = frames.poll(10, TimeUnit.SECONDS);
            assertThat(subscribed).isNotNull();
            assertThat(subscribed.path("result").path("channel").asText()).as(subscribed.toString()).isEqualTo(channel);
            String traceId = randomHex(16);
            String eventId = "ev-" + UUID.randomUUID();
            String body = "{\"id\":\"" + eventId + "\",\"channel\":\"" + channel + "\",\"type\":\"message\","
                    + "\"data\":{\"text\":\"traced\"}}";

            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(notify.base() + "/api/events"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + Tokens.of("service", "tracing-orders"))
                    .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
            JsonNode event = frames.poll(10, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.path("params").path("id").asText()).isEqualTo(eventId);
            assertThat(event.toString()).as("the trace stays inside the platform").doesNotContain(traceId);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<OtlpReceiver.Received> spans = receiver.spans(traceId);
                assertThat(spans).anyMatch(span("notify-service", "SERVER", n -> n.equals("POST /api/events")))
                        .anyMatch(span("notify-service", "CLIENT", n -> n.startsWith("eval")))
                        .anyMatch(span("notify-service", "CONSUMER", n -> n.equals("notify.fanout")));
                String server = spans.stream().filter(span("notify-service", "SERVER", n -> n.equals("POST /api/events")))
                        .findFirst().orElseThrow().spanId();
                assertThat(spans).filteredOn(s -> s.name().equals("notify.fanout"))
                        .extracting(OtlpReceiver.Received::parentSpanId).as("the fan-out is a child of the ingest")
                        .containsExactly(server);
            });
            log(traceId);
            browser.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> null).join();
        }
    }

    /** A browser's socket: every text frame, parsed, into a queue. */
    private record Frames(LinkedBlockingQueue<JsonNode> queue, StringBuilder partial) implements WebSocket.Listener {
        Frames(LinkedBlockingQueue<JsonNode> queue) {
            this(queue, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    queue.add(Api.JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "browser: not JSON: " + partial);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    private static Predicate<OtlpReceiver.Received> span(String service, String kind, Predicate<String> name) {
        return s -> s.service().equals(service) && s.kind().equals(kind) && name.test(s.name());
    }

    /** The trace as a list, by start: offset from the first span, duration, service, kind, name. */
    private static void log(String traceId) {
        List<OtlpReceiver.Received> spans = receiver.spans(traceId).stream()
                .sorted(Comparator.comparingLong(OtlpReceiver.Received::startNanos)).toList();
        long t0 = spans.get(0).startNanos();
        StringBuilder out = new StringBuilder("trace " + traceId + ", " + spans.size() + " spans:");
        for (OtlpReceiver.Received s : spans) {
            out.append(String.format("%n  +%8.3f ms %8.3f ms  %-15s %-8s %s", (s.startNanos() - t0) / 1e6, s.millis(),
                    s.service(), s.kind(), s.name()));
        }
        LOG.log(System.Logger.Level.INFO, out.toString());
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HEX.formatHex(b);
    }

    /**
     * A machine on the device link: answers each command with a result, and exports one span per command (service
     * {@code device}, child of the frame's traceparent) by OTLP/HTTP, as a machine continuing the trace would.
     */
    static final class Machine implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        private final String otlp;
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        private Machine(String otlp) {
            this.otlp = otlp;
        }

        static Machine connect(String uri, String deviceId, String otlp) {
            Machine m = new Machine(otlp);
            m.ws = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + Tokens.of("device", deviceId))
                    .buildAsync(URI.create(uri), m).join();
            return m;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                answer(socket, text);
            }
            socket.request(1);
            return null;
        }

        private void answer(WebSocket socket, String text) {
            try {
                JsonNode frame = Api.JSON.readTree(text);
                if (!frame.has("method") || !frame.has("id")) {
                    return; // an answer to something of ours: nothing to do
                }
                frames.add(frame);
                long start = System.currentTimeMillis() * 1_000_000L;
                ObjectNode result = Api.JSON.createObjectNode().put("jsonrpc", "2.0");
                result.set("id", frame.get("id"));
                result.putObject("result").put("dispensed", true);
                String traceparent = frame.path("params").path("_meta").path("traceparent").asText();
                socket.sendText(Api.JSON.writeValueAsString(result), true).thenRunAsync(() -> {
                    try {
                        export(frame.path("method").asText(), traceparent, start, System.currentTimeMillis() * 1_000_000L);
                    } catch (Exception e) {
                        LOG.log(System.Logger.Level.WARNING, "machine: span not exported: " + e);
                    }
                });
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "machine: " + e);
            }
        }

        /** The machine's own span, child of {@code traceparent}, posted to the receiver as OTLP/HTTP protobuf. */
        private void export(String method, String traceparent, long startNanos, long endNanos) throws Exception {
            String[] parts = traceparent.split("-");
            if (parts.length != 4) {
                return;
            }
            Span span = Span.newBuilder().setTraceId(ByteString.copyFrom(HEX.parseHex(parts[1])))
                    .setSpanId(ByteString.copyFrom(HEX.parseHex(randomHex(8))))
                    .setParentSpanId(ByteString.copyFrom(HEX.parseHex(parts[2])))
                    .setName(method).setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(endNanos).build();
            ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(
                    ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
                                    .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("device"))))
                            .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(otlp + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                LOG.log(System.Logger.Level.WARNING, "machine: span export answered " + r.statusCode());
            }
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
    }

    /**
     * A QR login's webhook, wake and grant in one trace: an auth-callback-service as its own process with tracing on,
     * the QR simulator as its third party; a browser waits on a long poll, the third party's webhook (this test, signed,
     * with the caller's {@code traceparent}) grants the login, the wake-up crosses Redis pub/sub with the webhook's
     * trace context, and the woken poll hands out the grant inside {@code qr.grant}.
     */
    @Test
    void shouldTraceAQrLoginFromTheWebhookToTheGrant() throws Exception {
        String secret = "whsec_dHJhY2luZy1zeXN0ZW0tdGVzdC13ZWJob29rLXNlY3JldA==";
        Path root = Path.of(System.getProperty("switchboard.root", Infra.projectRoot().toString()));
        int authPort = ServiceProcess.freePort();
        Map<String, String> env = new HashMap<>(tracing());
        try (QrSimulator sim = QrSimulator.start(QrSimulatorConfig
                .of("http://127.0.0.1:" + authPort + "/api/callbacks/qr-grants", secret))) {
            env.putAll(ServiceProcess.env("QR_THIRD_PARTY_URL", sim.url(), "QR_WEBHOOK_SECRETS", secret,
                    "QR_COOKIE_SECURE", "false", "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                    root.resolve("test-support/src/main/resources/switchboard-test/privateKey.pem").toString()));
            try (ServiceProcess auth = ServiceProcess.start(root, "auth-callback-service", "tracing-auth", authPort, env)) {
                auth.awaitReady(Duration.ofSeconds(90));
                HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(auth.base() + "/api/qr-logins"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                JsonNode login = Api.JSON.readTree(created.body());
                String loginId = login.path("loginId").asText();
                String qrContent = login.path("qrContent").asText();
                String qrCodeKey = qrContent.substring(qrContent.indexOf("qrCodeKey=") + "qrCodeKey=".length());
                String setCookie = created.headers().firstValue("set-cookie").orElseThrow();
                CompletableFuture<HttpResponse<String>> waiting = HTTP.sendAsync(HttpRequest.newBuilder(
                                URI.create(auth.base() + "/api/qr-logins/" + loginId + "?waitSeconds=25"))
                        .timeout(Duration.ofSeconds(60)).header("Cookie", setCookie.substring(0, setCookie.indexOf(';')))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(10)).until(() -> pollWaiters(auth) > 0); // the wake-up goes to it
                String traceId = randomHex(16);
                String callerSpan = randomHex(8);

                HttpResponse<String> webhook = qrWebhook(auth, secret, qrCodeKey, "00-" + traceId + "-" + callerSpan + "-01");

                assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
                JsonNode granted = Api.JSON.readTree(waiting.get(20, TimeUnit.SECONDS).body());
                assertThat(granted.path("state").asText()).isEqualTo("granted");
                assertThat(granted.path("grant").path("sessionToken").asText()).isNotBlank();
                assertQrTrace(traceId, callerSpan);
                log(traceId);
                // the profile puts the trace id in each log line: the login's transitions are logged in the webhook's trace
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(auth.log().lines()
                        .filter(l -> l.contains("traceId=" + traceId)).toList())
                        .anyMatch(l -> l.contains("-> granted")).anyMatch(l -> l.contains("granted -> consumed")));

                // the same through a push socket: the grant is the frame written inside qr.grant
                HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create(auth.base() + "/api/qr-logins"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
                String pushContent = Api.JSON.readTree(again.body()).path("qrContent").asText();
                String pushCookie = again.headers().firstValue("set-cookie").orElseThrow();
                LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
                WebSocket socket = HTTP.newWebSocketBuilder().header("Cookie", pushCookie.substring(0, pushCookie.indexOf(';')))
                        .buildAsync(URI.create(auth.ws("/qr-logins/" + Api.JSON.readTree(again.body()).path("loginId").asText()
                                + "/ws")), new WebSocket.Listener() {
                                    @Override
                                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                        try {
                                            frames.add(Api.JSON.readTree(data.toString()));
                                        } catch (Exception e) {
                                            LOG.log(System.Logger.Level.WARNING, "push: not JSON: " + data);
                                        }
                                        ws.request(1);
                                        return null;
                                    }
                                }).get(10, TimeUnit.SECONDS);
                JsonNode first = frames.poll(10, TimeUnit.SECONDS); // sent once its waiter is registered
                assertThat(first).isNotNull();
                assertThat(first.path("params").path("state").asText()).isEqualTo("pending");
                String pushTrace = randomHex(16);
                String pushCaller = randomHex(8);

                assertThat(qrWebhook(auth, secret, pushContent.substring(pushContent.indexOf("qrCodeKey=") + "qrCodeKey=".length()),
                        "00-" + pushTrace + "-" + pushCaller + "-01").statusCode()).isEqualTo(200);

                JsonNode frame = frames.poll(20, TimeUnit.SECONDS);
                assertThat(frame).isNotNull();
                assertThat(frame.path("params").path("grant").path("sessionToken").asText()).isNotBlank();
                assertQrTrace(pushTrace, pushCaller);
                log(pushTrace);
                socket.abort();
            }
        }
    }

    /** Under {@code traceId}: the webhook's server span (the caller's child), then qr.wake, qr.grant and Redis in it. */
    private static void assertQrTrace(String traceId, String callerSpan) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<OtlpReceiver.Received> spans = receiver.spans(traceId);
            OtlpReceiver.Received server = one(spans, span("auth-callback-service", "SERVER",
                    n -> n.equals("POST /api/callbacks/qr-grants")));
            OtlpReceiver.Received wake = one(spans, span("auth-callback-service", "CONSUMER", n -> n.equals("qr.wake")));
            OtlpReceiver.Received grant = one(spans, span("auth-callback-service", "INTERNAL", n -> n.equals("qr.grant")));
            assertThat(server.parentSpanId()).isEqualTo(callerSpan);
            assertThat(wake.parentSpanId()).isEqualTo(server.spanId());
            assertThat(grant.parentSpanId()).isEqualTo(wake.spanId());
            // the woken waiter's read and consume script, inside qr.grant
            assertThat(spans).filteredOn(s -> s.kind().equals("CLIENT") && s.parentSpanId().equals(grant.spanId()))
                    .extracting(OtlpReceiver.Received::name).contains("hgetall").anyMatch(n -> n.startsWith("eval"));
        });
    }

    private static OtlpReceiver.Received one(List<OtlpReceiver.Received> spans, Predicate<OtlpReceiver.Received> which) {
        List<OtlpReceiver.Received> found = spans.stream().filter(which).toList();
        assertThat(found).as("spans: %s", spans).hasSize(1);
        return found.get(0);
    }

    /** Long polls this process holds ({@code switchboard_qr_waiters{kind="poll"}} on /q/metrics). */
    private static double pollWaiters(ServiceProcess auth) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(auth.base() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern
                .compile("(?m)^switchboard_qr_waiters\\{[^}]*kind=\"poll\"[^}]*\\} ([0-9.]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The third party's {@code granted} webhook, signed per Standard Webhooks, with the caller's {@code traceparent}. */
    private static HttpResponse<String> qrWebhook(ServiceProcess auth, String secret, String qrCodeKey, String traceparent)
            throws Exception {
        String body = "{\"qrCodeKey\":\"" + qrCodeKey + "\",\"event\":\"granted\",\"user\":{\"id\":\"user-traced\",\"name\":\"Ada\"}}";
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        long timestamp = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                "HmacSHA256"));
        byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(auth.base() + "/api/callbacks/qr-grants"))
                .header("Content-Type", "application/json").header("traceparent", traceparent)
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", "v1," + Base64.getEncoder().encodeToString(signature))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
