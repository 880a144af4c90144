package io.switchboard.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals(200, webhooks.send(login.qrCodeKey(), "granted", "user-20").statusCode());
        assertOneGrant(polls, 2);
    }

    @Test
    void shouldHandOutGrantOnceToEightSimultaneousPolls() {
        Browser.Login login = browser.start();
        assertEquals(200, webhooks.send(login.qrCodeKey(), "granted", "user-21").statusCode());
        List<CompletableFuture<HttpResponse<String>>> polls = IntStream.range(0, 8)
                .mapToObj(i -> browser.poll(login.loginId(), login.cookie(), "")).toList();
        assertOneGrant(polls, 8);
    }

    private static void assertOneGrant(List<CompletableFuture<HttpResponse<String>>> polls, int n) {
        List<JsonNode> answers = polls.stream().map(CompletableFuture::join).map(r -> {
            assertEquals(200, r.statusCode(), r.body());
            return Browser.read(r.body());
        }).toList();
        long withGrant = answers.stream().filter(a -> a.has("grant")).count();
        long granted = answers.stream().filter(a -> "granted".equals(a.path("state").asText())).count();
        long consumed = answers.stream().filter(a -> "consumed".equals(a.path("state").asText())).count();
        assertEquals(1, withGrant, answers.toString());
        assertEquals(1, granted, answers.toString());
        assertEquals(n - 1, consumed, answers.toString());
    }
}
