package io.switchboard.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.quarkus.logging.Log;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.switchboard.auth.service.LoginListeners;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.QrEventsTopic;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.auth.support.Webhooks;
import io.switchboard.testsupport.InfraResource;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class QrLoginFlowTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    JWTParser jwtParser;
    @Inject
    LoginListeners listeners;
    Browser browser;
    Webhooks webhooks;

    @BeforeEach
    void setUp() {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        browser = new Browser(base);
        webhooks = new Webhooks(base);
    }

    @Test
    void shouldCreateLoginWithScannableQrBindingCookieAndExpiry() throws Exception {
        Browser.Login login = browser.start();
        JsonNode body = login.body();
        assertTrue(login.loginId().startsWith("ql_"));
        assertTrue(body.path("qrContent").asText().startsWith("https://third-party.example/scan?qrCodeKey=key-"));
        Instant expiresAt = Instant.parse(body.path("expiresAt").asText());
        assertTrue(expiresAt.isAfter(Instant.now().plusSeconds(100)) && expiresAt.isBefore(Instant.now().plusSeconds(121)));
        assertEquals(2000, body.path("pollIntervalMs").asLong());
        assertEquals(body.path("qrContent").asText(), decodeQr(body.path("qrImage").asText()));
        String setCookie = login.response().headers().firstValue("set-cookie").orElseThrow();
        assertTrue(setCookie.startsWith("sb_qr_" + login.loginId() + "="), setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertEquals("/api/qr-logins/" + login.loginId(),
                URI.create(login.response().headers().firstValue("location").orElseThrow()).getPath());
        assertEquals("pending", Browser.read(browser.pollNow(login).body()).path("state").asText());
    }

    @Test
    void shouldWakeWaitingPollOnScanAndHandOutGrantWithValidSessionToken() throws Exception {
        Browser.Login login = browser.start();
        int before = listeners.size();
        CompletableFuture<HttpResponse<String>> waiting = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=25");
        awaitWaiter(before);
        long sent = System.nanoTime();
        assertEquals(200, webhooks.send(login.qrCodeKey(), "scanned", "user-7").statusCode());
        HttpResponse<String> scanned = waiting.get();
        Log.infof("long-poll woke %.2f ms after the scanned webhook was answered", (System.nanoTime() - sent) / 1e6);
        assertEquals("scanned", Browser.read(scanned.body()).path("state").asText());

        waiting = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=25&knownState=scanned");
        awaitWaiter(before);
        sent = System.nanoTime();
        assertEquals(200, webhooks.send(login.qrCodeKey(), "granted", "user-7").statusCode());
        JsonNode granted = Browser.read(waiting.get().body());
        Log.infof("long-poll got the grant %.2f ms after the granted webhook was answered", (System.nanoTime() - sent) / 1e6);
        assertEquals("granted", granted.path("state").asText());
        assertEquals("user-7", granted.path("grant").path("user").path("id").asText());
        assertEquals("gold", granted.path("grant").path("user").path("tier").asText());
        JsonWebToken token = jwtParser.parse(granted.path("grant").path("sessionToken").asText());
        assertEquals("user-7", token.getSubject());
        assertEquals("https://switchboard.local/issuer", token.getIssuer());
        assertEquals(java.util.Set.of("customer"), token.getGroups());

        JsonNode after = Browser.read(browser.pollNow(login).body());
        assertEquals("consumed", after.path("state").asText());
        assertTrue(after.path("grant").isMissingNode());
    }

    @Test
    void shouldAnswerAtOnceWhenStateAlreadyDiffersFromKnownState() {
        Browser.Login login = browser.start();
        webhooks.send(login.qrCodeKey(), "scanned", "user-8");
        long start = System.nanoTime();
        JsonNode body = Browser.read(browser.poll(login.loginId(), login.cookie(), "?waitSeconds=20&knownState=pending")
                .join().body());
        assertEquals("scanned", body.path("state").asText());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "did not wait for the timeout");
    }

    @Test
    void shouldWriteEveryStateChangeToKafka() {
        Browser.Login login = browser.start();
        webhooks.send(login.qrCodeKey(), "scanned", "user-9");
        webhooks.send(login.qrCodeKey(), "granted", "user-9");
        browser.pollNow(login);
        try (QrEventsTopic topic = new QrEventsTopic()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> topic.typesOf(login.loginId()).size() >= 4);
            assertEquals(List.of("qr.login.created", "qr.login.scanned", "qr.login.granted", "qr.login.consumed"),
                    topic.typesOf(login.loginId()));
            JsonNode consumed = topic.valuesOf(login.loginId()).get(3);
            assertEquals("user-9", consumed.path("userId").asText());
            assertEquals("granted", consumed.path("previousState").asText());
            assertFalse(consumed.toString().contains("sessionToken"));
        }
    }

    @Test
    void shouldReturn403WithoutBindingCookieAndNotConsumeTheGrant() {
        Browser.Login login = browser.start();
        webhooks.send(login.qrCodeKey(), "granted", "user-10");
        HttpResponse<String> stranger = browser.poll(login.loginId(), null, "").join();
        assertEquals(403, stranger.statusCode());
        assertEquals("application/problem+json", stranger.headers().firstValue("content-type").orElseThrow());
        assertEquals("qr_binding_missing", Browser.read(stranger.body()).path("code").asText());
        JsonNode owner = Browser.read(browser.pollNow(login).body());
        assertEquals("granted", owner.path("state").asText());
        assertNotNull(owner.path("grant").path("sessionToken").textValue());
    }

    @Test
    void shouldReturn403WithAnotherBrowsersCookie() {
        Browser.Login mine = browser.start();
        Browser.Login theirs = new Browser(base).start();
        String forged = "sb_qr_" + mine.loginId() + "=" + theirs.cookie().substring(theirs.cookie().indexOf('=') + 1);
        HttpResponse<String> r = browser.poll(mine.loginId(), forged, "").join();
        assertEquals(403, r.statusCode());
        assertEquals("qr_binding_mismatch", Browser.read(r.body()).path("code").asText());
    }

    @Test
    void shouldReturn404ForUnknownLogin() {
        HttpResponse<String> r = browser.poll("ql_nope", "sb_qr_ql_nope=x", "").join();
        assertEquals(404, r.statusCode());
        assertEquals("qr_login_not_found", Browser.read(r.body()).path("code").asText());
    }

    @Test
    void shouldReturn400WhenWaitSecondsAbove30OrNotANumber() {
        Browser.Login login = browser.start();
        HttpResponse<String> tooLong = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=31").join();
        assertEquals(400, tooLong.statusCode());
        assertEquals("invalid_wait_seconds", Browser.read(tooLong.body()).path("code").asText());
        assertEquals(400, browser.poll(login.loginId(), login.cookie(), "?waitSeconds=abc").join().statusCode());
        assertEquals(400, browser.poll(login.loginId(), login.cookie(), "?waitSeconds=5&knownState=x").join().statusCode());
    }

    @Test
    void shouldAnswerDeniedToTheWaitingPoll() throws Exception {
        Browser.Login login = browser.start();
        int before = listeners.size();
        CompletableFuture<HttpResponse<String>> waiting = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=25");
        awaitWaiter(before);
        webhooks.send(login.qrCodeKey(), "denied", "user-11");
        JsonNode denied = Browser.read(waiting.get().body());
        assertEquals("denied", denied.path("state").asText());
        assertTrue(denied.path("grant").isMissingNode());
    }

    private void awaitWaiter(int before) {
        await().atMost(Duration.ofSeconds(10)).until(() -> listeners.size() > before);
    }

    static String decodeQr(String dataUri) throws Exception {
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
    }
}
