package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.NoWaitersProfile;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.testsupport.InfraResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A process holding its maximum of waiters answers a long-poll that would wait with 503 too_many_waiters, and refuses a push socket. */
@QuarkusTest
@TestProfile(NoWaitersProfile.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class TooManyWaitersTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    BasicWebSocketConnector connector;

    private Browser.Login start(Browser browser) {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        return browser.start();
    }

    @Test
    void shouldReturn503TooManyWaitersWithRetryAfterToAPollThatWouldWait() {
        Browser browser = new Browser(base);
        Browser.Login login = start(browser);

        HttpResponse<String> r = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=5").join();

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("retry-after")).hasValue("1");
        JsonNode problem = Browser.problem(r.body());
        assertThat(problem.path("code").asText()).isEqualTo("too_many_waiters");
        assertThat(problem.path("title").asText()).isEqualTo("Too many waiting requests");
        assertThat(problem.path("detail").asText()).isEqualTo("This instance holds its maximum of waiting requests; retry shortly");
    }

    @Test
    void shouldStillAnswerAPollThatDoesNotWait() {
        Browser browser = new Browser(base);
        Browser.Login login = start(browser);
        assertThat(Browser.read(browser.pollNow(login).body()).path("state").asText()).isEqualTo("pending");
    }

    @Test
    void shouldRefuseAPushSocketWith503() {
        Browser.Login login = start(new Browser(base));
        assertThatThrownBy(() -> connector.baseUri(base).addHeader("Cookie", login.cookie())
                .path("/qr-logins/" + login.loginId() + "/ws").connectAndAwait()).hasMessageContaining("503");
    }
}
