package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.SimulatorProfile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The local setup end to end: the service gets its keys from its own simulator, the phone page signs webhooks. */
@QuarkusTest
@TestProfile(SimulatorProfile.class)
class SimulatorFlowTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldLogInThroughTheSimulatedPhone() throws Exception {
        Browser browser = new Browser(base);
        Browser.Login login = browser.start();
        String qrContent = login.body().path("qrContent").asText();
        assertTrue(qrContent.startsWith("http://127.0.0.1:" + base.getPort() + "/sim/third-party/phone?qrCodeKey=sim_"),
                qrContent);

        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(qrContent)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("value=\"approve\"") && page.body().contains("value=\"deny\""), page.body());

        CompletableFuture<HttpResponse<String>> waiting = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=25");
        assertTrue(press(login.qrCodeKey(), "scan").contains("webhook answered 200"));
        assertEquals("scanned", Browser.read(waiting.get().body()).path("state").asText());

        waiting = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=25&knownState=scanned");
        assertTrue(press(login.qrCodeKey(), "approve").contains("webhook answered 200"));
        JsonNode granted = Browser.read(waiting.get().body());
        assertEquals("granted", granted.path("state").asText());
        assertEquals("user-42", granted.path("grant").path("user").path("id").asText());
    }

    @Test
    void shouldShow404PageForUnknownKey() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(base.resolve("/sim/third-party/phone?qrCodeKey=nope"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, page.statusCode());
    }

    private String press(String qrCodeKey, String action) throws Exception {
        String form = "qrCodeKey=" + URLEncoder.encode(qrCodeKey, StandardCharsets.UTF_8) + "&action=" + action
                + "&userId=user-42&userName=Ada";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/sim/third-party/phone"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
