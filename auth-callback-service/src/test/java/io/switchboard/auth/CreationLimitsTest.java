package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            assertEquals(201, one.post("/api/qr-logins").statusCode());
        }
        HttpResponse<String> limited = one.post("/api/qr-logins");
        assertEquals(429, limited.statusCode());
        assertEquals("rate_limited", Browser.read(limited.body()).path("code").asText());
        long retryAfter = Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(201, new Browser(base).post("/api/qr-logins").statusCode(), "another address has its own budget");
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
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("content-type").orElseThrow());
        assertEquals(code, Browser.read(r.body()).path("code").asText());
        assertTrue(r.headers().firstValue("set-cookie").isEmpty(), "no binding without a login");
    }
}
