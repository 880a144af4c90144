package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(Browser.read(first.body()).path("outcome").asText()).isEqualTo("applied");
        HttpResponse<String> replay = webhooks.raw(id, Long.toString(ts), signature, body);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(Browser.read(replay.body()).path("outcome").asText()).isEqualTo("duplicate");
        assertThat(state()).isEqualTo("denied");
    }

    @Test
    void shouldAcceptOldAndNewSecretDuringRotation() {
        String scanned = Webhooks.body(login.qrCodeKey(), "scanned", "user-2");
        String id = Webhooks.newId();
        long ts = Instant.now().getEpochSecond();
        assertThat(webhooks.raw(id, Long.toString(ts), Webhooks.sign(Webhooks.OLD_SECRET, id, ts, scanned), scanned)
                .statusCode()).isEqualTo(200);
        assertThat(state()).isEqualTo("scanned");
        String granted = Webhooks.body(login.qrCodeKey(), "granted", "user-2");
        String id2 = Webhooks.newId();
        String both = "v1,bm90LWEtc2lnbmF0dXJl " + Webhooks.sign(Webhooks.NEW_SECRET, id2, ts, granted);
        assertThat(webhooks.raw(id2, Long.toString(ts), both, granted).statusCode()).isEqualTo(200);
        assertThat(Browser.read(browser.pollNow(login).body()).path("state").asText()).isEqualTo("granted");
    }

    @Test
    void shouldRejectUnknownKeyWith404NeverGone() {
        HttpResponse<String> r = webhooks.send("key-does-not-exist", "granted", "user-3");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Browser.problem(r.body()).path("code").asText()).isEqualTo("qr_key_unknown");
    }

    @Test
    void shouldReturn409ForGrantAfterDenial() {
        assertThat(webhooks.send(login.qrCodeKey(), "denied", "user-4").statusCode()).isEqualTo(200);
        HttpResponse<String> r = webhooks.send(login.qrCodeKey(), "granted", "user-4");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(Browser.problem(r.body()).path("code").asText()).isEqualTo("invalid_transition");
        assertThat(Browser.read(r.body()).path("currentState").asText()).isEqualTo("denied");
        assertThat(state()).isEqualTo("denied");
    }

    @Test
    void shouldReturn400ForSignedBodyWithoutKnownEventOrGrantWithoutUser() {
        String id = Webhooks.newId();
        long ts = Instant.now().getEpochSecond();
        String body = Webhooks.body(login.qrCodeKey(), "teleported", "user-5");
        HttpResponse<String> r = webhooks.raw(id, Long.toString(ts), Webhooks.sign(Webhooks.NEW_SECRET, id, ts, body), body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Browser.problem(r.body()).path("code").asText()).isEqualTo("invalid_webhook_body");
        assertThat(webhooks.send(login.qrCodeKey(), "granted", null).statusCode()).isEqualTo(400);
        assertThat(state()).isEqualTo("pending");
    }

    private void assertUnauthorized(HttpResponse<String> r, String code, String id) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).isEqualTo("application/problem+json");
        assertThat(Browser.problem(r.body()).path("code").asText()).isEqualTo(code);
        assertThat(state()).isEqualTo("pending");
        assertThat(redis.key().exists("sb:qr:webhook:" + id)).as("webhook id must not be remembered").isFalse();
        assertThat(redis.key().exists("sb:qr:login:" + login.loginId())).isTrue();
    }

    private String state() {
        return redis.hash(String.class).hget("sb:qr:login:" + login.loginId(), "state");
    }
}
