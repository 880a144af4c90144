package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.auth.support.Webhooks;
import io.switchboard.testsupport.InfraResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class WebhookSecurityTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    RedisDataSource redis;
    Browser browser;
    Webhooks webhooks;
    Browser.Login login;

    @BeforeEach
    void setUp() {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        browser = new Browser(base);
        webhooks = new Webhooks(base);
        login = browser.start();
    }

    @Test
    void shouldReturn401ForBadSignatureAndChangeNothing() {
        String body = Webhooks.body(login.qrCodeKey(), "granted", "user-1");
        String id = Webhooks.newId();
        long ts = Instant.now().getEpochSecond();
        String foreign = Webhooks.sign("whsec_VATuG19XVyfp5CsFTPV32KwIoKdkqHgf", id, ts, body);
        assertUnauthorized(webhooks.raw(id, Long.toString(ts), foreign, body), "invalid_signature", id);
    }

    @Test
    void shouldReturn401WhenBodyChangedAfterSigning() {
        String body = Webhooks.body(login.qrCodeKey(), "denied", "user-1");
        String id = Webhooks.newId();
        long ts = Instant.now().getEpochSecond();
        String signature = Webhooks.sign(Webhooks.NEW_SECRET, id, ts, body);
        String changed = body.replace("denied", "granted");
        assertUnauthorized(webhooks.raw(id, Long.toString(ts), signature, changed), "invalid_signature", id);
    }

    @Test
    void shouldReturn401WhenAnySignatureHeaderIsMissing() {
        String body = Webhooks.body(login.qrCodeKey(), "granted", "user-1");
        String id = Webhooks.newId();
        long ts = Instant.now().getEpochSecond();
        String signature = Webhooks.sign(Webhooks.NEW_SECRET, id, ts, body);
        assertUnauthorized(webhooks.raw(null, Long.toString(ts), signature, body), "invalid_signature", id);
        assertUnauthorized(webhooks.raw(id, null, signature, body), "invalid_signature", id);
        assertUnauthorized(webhooks.raw(id, Long.toString(ts), null, body), "invalid_signature", id);
    }

    @Test
    void shouldReturn401ForTimestampsMoreThanFiveMinutesOldOrAhead() {
        String body = Webhooks.body(login.qrCodeKey(), "granted", "user-1");
        for (long offset : new long[] {-301, 301}) {
            String id = Webhooks.newId();
            long ts = Instant.now().getEpochSecond() + offset;
            assertUnauthorized(webhooks.raw(id, Long.toString(ts), Webhooks.sign(Webhooks.NEW_SECRET, id, ts, body), body),
                    "webhook_timestamp_out_of_range", id);
        }
    }

    @Test
    void shouldIgnoreReplayedWebhookId() {
        String body = Webhooks.body(login.qrCodeKey(), "denied", "user-1");
        String id = Webhooks.newId();
        long ts = Instant.now().getEpochSecond();
        String signature = Webhooks.sign(Webhooks.NEW_SECRET, id, ts, body);
        HttpResponse<String> first = webhooks.raw(id, Long.toString(ts), signature, body);
        assertEquals(200, first.statusCode());
        assertEquals("applied", Browser.read(first.body()).path("outcome").asText());
        HttpResponse<String> replay = webhooks.raw(id, Long.toString(ts), signature, body);
        assertEquals(200, replay.statusCode());
        assertEquals("duplicate", Browser.read(replay.body()).path("outcome").asText());
        assertEquals("denied", state());
    }

    @Test
    void shouldAcceptOldAndNewSecretDuringRotation() {
        String scanned = Webhooks.body(login.qrCodeKey(), "scanned", "user-2");
        String id = Webhooks.newId();
        long ts = Instant.now().getEpochSecond();
        assertEquals(200, webhooks.raw(id, Long.toString(ts), Webhooks.sign(Webhooks.OLD_SECRET, id, ts, scanned), scanned)
                .statusCode());
        assertEquals("scanned", state());
        String granted = Webhooks.body(login.qrCodeKey(), "granted", "user-2");
        String id2 = Webhooks.newId();
        String both = "v1,bm90LWEtc2lnbmF0dXJl " + Webhooks.sign(Webhooks.NEW_SECRET, id2, ts, granted);
        assertEquals(200, webhooks.raw(id2, Long.toString(ts), both, granted).statusCode());
        assertEquals("granted", Browser.read(browser.pollNow(login).body()).path("state").asText());
    }

    @Test
    void shouldRejectUnknownKeyWith404NeverGone() {
        HttpResponse<String> r = webhooks.send("key-does-not-exist", "granted", "user-3");
        assertEquals(404, r.statusCode());
        assertEquals("qr_key_unknown", Browser.read(r.body()).path("code").asText());
    }

    @Test
    void shouldReturn409ForGrantAfterDenial() {
        assertEquals(200, webhooks.send(login.qrCodeKey(), "denied", "user-4").statusCode());
        HttpResponse<String> r = webhooks.send(login.qrCodeKey(), "granted", "user-4");
        assertEquals(409, r.statusCode());
        assertEquals("invalid_transition", Browser.read(r.body()).path("code").asText());
        assertEquals("denied", Browser.read(r.body()).path("currentState").asText());
        assertEquals("denied", state());
    }

    @Test
    void shouldReturn400ForSignedBodyWithoutKnownEventOrGrantWithoutUser() {
        String id = Webhooks.newId();
        long ts = Instant.now().getEpochSecond();
        String body = Webhooks.body(login.qrCodeKey(), "teleported", "user-5");
        HttpResponse<String> r = webhooks.raw(id, Long.toString(ts), Webhooks.sign(Webhooks.NEW_SECRET, id, ts, body), body);
        assertEquals(400, r.statusCode());
        assertEquals("invalid_webhook_body", Browser.read(r.body()).path("code").asText());
        assertEquals(400, webhooks.send(login.qrCodeKey(), "granted", null).statusCode());
        assertEquals("pending", state());
    }

    private void assertUnauthorized(HttpResponse<String> r, String code, String id) {
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("content-type").orElseThrow());
        assertEquals(code, Browser.read(r.body()).path("code").asText());
        assertEquals("pending", state());
        assertFalse(redis.key().exists("sb:qr:webhook:" + id), "webhook id must not be remembered");
        assertTrue(redis.key().exists("sb:qr:login:" + login.loginId()));
    }

    private String state() {
        return redis.hash(String.class).hget("sb:qr:login:" + login.loginId(), "state");
    }
}
