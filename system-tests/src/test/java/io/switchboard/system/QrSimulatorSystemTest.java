package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.qrsim.QrSimulator;
import io.switchboard.qrsim.QrSimulatorConfig;
import io.switchboard.system.support.ServiceProcess;
import io.switchboard.testsupport.Infra;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local setup end to end: auth-callback-service from its jar, over the test Kafka and Redis, gets its keys
 * from the QR simulator (a third party it reaches over HTTP only), and the simulated phone's buttons post the
 * signed webhooks that the page's long-poll sees.
 */
class QrSimulatorSystemTest {
    private static final String SECRET = "whsec_cXItc2ltdWxhdG9yLXN5c3RlbS10ZXN0LXNlY3JldA==";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static QrSimulator sim;
    private static ServiceProcess auth;

    @BeforeAll
    static void start() throws Exception {
        Infra.ensureStarted();
        Path root = Path.of(System.getProperty("switchboard.root", Infra.projectRoot().toString()));
        int authPort = ServiceProcess.freePort();
        sim = QrSimulator.start(QrSimulatorConfig.of("http://127.0.0.1:" + authPort + "/api/callbacks/qr-grants", SECRET));
        auth = ServiceProcess.start(root, "auth-callback-service", "auth-qr-simulator", authPort, ServiceProcess.env(
                "QR_THIRD_PARTY_URL", sim.url(), "QR_WEBHOOK_SECRETS", SECRET, "QR_COOKIE_SECURE", "false",
                "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                root.resolve("test-support/src/main/resources/switchboard-test/privateKey.pem").toString()));
        auth.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (auth != null) {
            auth.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void shouldLogInThroughTheSimulatedPhone() throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(auth.base() + "/api/qr-logins"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode login = JSON.readTree(created.body());
        String loginId = login.path("loginId").asText();
        String qrContent = login.path("qrContent").asText();
        assertThat(qrContent).startsWith(sim.url() + "/phone?qrCodeKey=sim_");
        String qrCodeKey = qrContent.substring(qrContent.indexOf("qrCodeKey=") + "qrCodeKey=".length());
        String setCookie = created.headers().firstValue("set-cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(qrContent)).build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"approve\"", "value=\"deny\"");

        CompletableFuture<HttpResponse<String>> waiting = poll(loginId, cookie, "?waitSeconds=25");
        assertThat(press(qrCodeKey, "scan")).contains("webhook answered 200");
        assertThat(JSON.readTree(waiting.get().body()).path("state").asText()).isEqualTo("scanned");

        waiting = poll(loginId, cookie, "?waitSeconds=25&knownState=scanned");
        assertThat(press(qrCodeKey, "approve")).contains("webhook answered 200");
        JsonNode granted = JSON.readTree(waiting.get().body());
        assertThat(granted.path("state").asText()).isEqualTo("granted");
        assertThat(granted.path("grant").path("user").path("id").asText()).isEqualTo("user-42");
        assertThat(granted.path("grant").path("sessionToken").asText()).isNotBlank();
    }

    private static CompletableFuture<HttpResponse<String>> poll(String loginId, String cookie, String query) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(auth.base() + "/api/qr-logins/" + loginId + query))
                .timeout(Duration.ofSeconds(60)).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String press(String qrCodeKey, String action) throws Exception {
        String form = "qrCodeKey=" + URLEncoder.encode(qrCodeKey, StandardCharsets.UTF_8) + "&action=" + action
                + "&userId=user-42&userName=Ada";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sim.url() + "/phone"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
