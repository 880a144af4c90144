package io.switchboard.auth;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.auth.service.LoginListeners;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.auth.support.Webhooks;
import io.switchboard.testsupport.InfraResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class GrantOnceTest {
    @TestHTTPResource("/")
    URI base;
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
    void shouldHandOutGrantToExactlyOneOfTwoWaitingPolls() {
        Browser.Login login = browser.start();
        int before = listeners.size();
        List<CompletableFuture<HttpResponse<String>>> polls = IntStream.range(0, 2)
                .mapToObj(i -> browser.poll(login.loginId(), login.cookie(), "?waitSeconds=25")).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> listeners.size() >= before + 2);
        assertThat(webhooks.send(login.qrCodeKey(), "granted", "user-20").statusCode()).isEqualTo(200);
        assertOneGrant(polls, 2);
    }

    @Test
    void shouldHandOutGrantOnceToEightSimultaneousPolls() {
        Browser.Login login = browser.start();
        assertThat(webhooks.send(login.qrCodeKey(), "granted", "user-21").statusCode()).isEqualTo(200);
        List<CompletableFuture<HttpResponse<String>>> polls = IntStream.range(0, 8)
                .mapToObj(i -> browser.poll(login.loginId(), login.cookie(), "")).toList();
        assertOneGrant(polls, 8);
    }

    private static void assertOneGrant(List<CompletableFuture<HttpResponse<String>>> polls, int n) {
        List<JsonNode> answers = polls.stream().map(CompletableFuture::join).map(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return Browser.read(r.body());
        }).toList();
        long withGrant = answers.stream().filter(a -> a.has("grant")).count();
        long granted = answers.stream().filter(a -> "granted".equals(a.path("state").asText())).count();
        long consumed = answers.stream().filter(a -> "consumed".equals(a.path("state").asText())).count();
        assertThat(withGrant).as(answers.toString()).isEqualTo(1);
        assertThat(granted).as(answers.toString()).isEqualTo(1);
        assertThat(consumed).as(answers.toString()).isEqualTo(n - 1);
    }
}
