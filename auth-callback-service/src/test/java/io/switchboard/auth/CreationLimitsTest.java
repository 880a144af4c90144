package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.auth.support.ThirdPartyStub.Mode;
import io.switchboard.testsupport.InfraResource;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class CreationLimitsTest {
    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void reset() {
        ThirdPartyStub.mode(Mode.OK);
    }

    @Test
    void shouldReturn429WithRetryAfterAfterTenLoginsPerMinuteFromOneAddress() {
        Browser one = new Browser(base);
        for (int i = 0; i < 10; i++) {
            assertThat(one.post("/api/qr-logins").statusCode()).isEqualTo(201);
        }
        HttpResponse<String> limited = one.post("/api/qr-logins");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Browser.problem(limited.body()).path("code").asText()).isEqualTo("rate_limited");
        long retryAfter = Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
        assertThat(retryAfter >= 1 && retryAfter <= 60).as("Retry-After " + retryAfter).isTrue();
        assertThat(new Browser(base).post("/api/qr-logins").statusCode()).as("another address has its own budget").isEqualTo(201);
    }

    @Test
    void shouldReturn503WhenThirdPartyIsDown() {
        assertProblem(Mode.DOWN, 503, "third_party_unavailable");
    }

    @Test
    void shouldReturn503WhenThirdPartyFailsOrDoesNotAnswerInTime() {
        assertProblem(Mode.ERROR_500, 503, "third_party_unavailable");
        assertProblem(Mode.SILENT, 503, "third_party_unavailable");
    }

    @Test
    void shouldReturn502WhenThirdPartyAnswersGarbage() {
        assertProblem(Mode.GARBAGE, 502, "third_party_bad_response");
    }

    private void assertProblem(Mode mode, int status, String code) {
        ThirdPartyStub.mode(mode);
        HttpResponse<String> r = new Browser(base).post("/api/qr-logins");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).isEqualTo("application/problem+json");
        assertThat(Browser.problem(r.body()).path("code").asText()).isEqualTo(code);
        assertThat(r.headers().firstValue("set-cookie").isEmpty()).as("no binding without a login").isTrue();
    }
}
