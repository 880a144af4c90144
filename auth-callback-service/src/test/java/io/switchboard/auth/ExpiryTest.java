package io.switchboard.auth;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.QrEventsTopic;
import io.switchboard.auth.support.ShortExpiryProfile;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.auth.support.Webhooks;
import io.switchboard.testsupport.InfraResource;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ShortExpiryProfile.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class ExpiryTest {
    @TestHTTPResource("/")
    URI base;
    Browser browser;
    Webhooks webhooks;

    @BeforeEach
    void setUp() {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        browser = new Browser(base);
        webhooks = new Webhooks(base);
    }

    @Test
    void shouldAnswerExpiredToTheWaitingPollWhenTheLoginTimesOut() {
        Browser.Login login = browser.start();
        JsonNode body = Browser.read(browser.poll(login.loginId(), login.cookie(), "?waitSeconds=20").join().body());
        assertThat(body.path("state").asText()).isEqualTo("expired");
    }

    @Test
    void shouldExpireAndRecordItWithoutAnyReader() {
        Browser.Login login = browser.start();
        try (QrEventsTopic topic = new QrEventsTopic()) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> topic.typesOf(login.loginId()).contains("qr.login.expired"));
        }
        assertThat(Browser.read(browser.pollNow(login).body()).path("state").asText()).isEqualTo("expired");
    }

    @Test
    void shouldExpireAGrantThatNobodyClaimedInTime() {
        Browser.Login login = browser.start();
        assertThat(webhooks.send(login.qrCodeKey(), "granted", "user-60").statusCode()).isEqualTo(200);
        try (QrEventsTopic topic = new QrEventsTopic()) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> topic.typesOf(login.loginId()).contains("qr.login.expired"));
            assertThat(topic.typesOf(login.loginId()))
                    .isEqualTo(List.of("qr.login.created", "qr.login.granted", "qr.login.expired"));
        }
        JsonNode body = Browser.read(browser.pollNow(login).body());
        assertThat(body.path("state").asText()).isEqualTo("expired");
        assertThat(body.path("grant").isMissingNode()).isTrue();
    }

    @Test
    void shouldRefuseWebhookForExpiredLoginWith409NeverGone() {
        Browser.Login login = browser.start();
        browser.poll(login.loginId(), login.cookie(), "?waitSeconds=20").join();
        HttpResponse<String> r = webhooks.send(login.qrCodeKey(), "granted", "user-61");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(Browser.problem(r.body()).path("code").asText()).isEqualTo("qr_login_expired");
    }
}
