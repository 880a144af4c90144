package io.switchboard.qrsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.qrsim.support.WebhookReceiver;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated third party's HTTP contract, as auth-callback-service and a browser use it. */
class QrSimulatorTest {
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("qr-simulator-test-secret".getBytes());
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static WebhookReceiver receiver;
    static QrSimulator sim;

    @BeforeAll
    static void start() {
        receiver = new WebhookReceiver();
        sim = QrSimulator.start(QrSimulatorConfig.of(receiver.url(), SECRET));
    }

    @AfterAll
    static void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void shouldIssueAKeyWhosePhonePageOffersScanApproveAndDeny() throws Exception {
        JsonObject credential = issue("login-1");
        String key = credential.getString("qrCodeKey");
        assertThat(key).matches("sim_[A-Za-z0-9_-]{24}");
        assertThat(credential.getString("qrUrl")).isEqualTo(sim.url() + "/phone?qrCodeKey=" + key);

        HttpResponse<String> page = get(credential.getString("qrUrl"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains(key, "value=\"scan\"", "value=\"approve\"", "value=\"deny\"");
    }

    @Test
    void shouldShow404PageForUnknownKey() throws Exception {
        HttpResponse<String> page = get(sim.url() + "/phone?qrCodeKey=nope");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("nope", "unknown or expired");
    }

    @Test
    void shouldRefuseACredentialRequestWithoutBusNo() throws Exception {
        HttpResponse<String> r = post("/qr-credentials", "application/json", "{}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("bad_request");
        assertThat(post("/qr-credentials", "application/json", "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldPostASignedWebhookForEachButton() throws Exception {
        String key = issue("login-2").getString("qrCodeKey");
        HttpResponse<String> page = press(key, "approve");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("granted: webhook answered 200 {&quot;ok&quot;:true}");

        WebhookReceiver.Delivery d = receiver.next();
        assertThat(d).isNotNull();
        JsonObject body = new JsonObject(d.body());
        assertThat(body.getString("qrCodeKey")).isEqualTo(key);
        assertThat(body.getString("event")).isEqualTo("granted");
        assertThat(body.getJsonObject("user").getString("id")).isEqualTo("user-7");
        assertThat(body.getJsonObject("user").getString("name")).isEqualTo("Ada");
        assertThat(Long.parseLong(d.timestamp())).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        assertThat(d.signature()).isEqualTo(expectedSignature(d));

        assertThat(press(key, "scan").body()).contains("scanned: webhook answered 200");
        assertThat(new JsonObject(receiver.next().body()).getString("event")).isEqualTo("scanned");
        assertThat(press(key, "deny").body()).contains("denied: webhook answered 200");
        assertThat(new JsonObject(receiver.next().body()).getString("event")).isEqualTo("denied");
    }

    @Test
    void shouldRefuseAnUnknownButton() throws Exception {
        assertThat(press("sim_x", "steal").statusCode()).isEqualTo(400);
        assertThat(post("/phone", "application/x-www-form-urlencoded", "action=approve").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldSaySoWhenTheWebhookIsUnreachable() throws Exception {
        try (QrSimulator offline = QrSimulator.start(QrSimulatorConfig.of("http://127.0.0.1:9/api/callbacks/qr-grants", SECRET))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(offline.url() + "/phone"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("qrCodeKey=sim_k&action=scan")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("scanned: webhook answered 0 webhook not delivered");
        }
    }

    @Test
    void shouldPutTheConfiguredPhoneBaseUrlInTheQrCode() throws Exception {
        try (QrSimulator behindProxy = QrSimulator.start(new QrSimulatorConfig(0, receiver.url(), SECRET,
                "https://phone.example/sim", Duration.ofMinutes(1)))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(behindProxy.url() + "/qr-credentials"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"busNo\":\"b\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(new JsonObject(r.body()).getString("qrUrl")).startsWith("https://phone.example/sim/phone?qrCodeKey=sim_");
        }
    }

    private static JsonObject issue(String busNo) throws Exception {
        HttpResponse<String> r = post("/qr-credentials", "application/json", new JsonObject().put("busNo", busNo).encode());
        assertThat(r.statusCode()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private static HttpResponse<String> press(String key, String action) throws Exception {
        return post("/phone", "application/x-www-form-urlencoded", "qrCodeKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                + "&action=" + action + "&userId=user-7&userName=Ada");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String type, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sim.url() + path)).header("content-type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Standard Webhooks, computed here independently of the simulator's signer. */
    private static String expectedSignature(WebhookReceiver.Delivery d) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
        byte[] sig = mac.doFinal((d.id() + "." + d.timestamp() + "." + d.body()).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(sig);
    }
}
