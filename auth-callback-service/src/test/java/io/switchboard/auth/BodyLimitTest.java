package io.switchboard.auth;


import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.testsupport.BodyLimitChecks;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.RawHttp;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Webhook (and every other) bodies are limited to 64 KiB: beyond, 413 problem+json {@code body_too_large}, the rest unread. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class BodyLimitTest {
    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldAnswer413ProblemToAWebhookBodyOverTheLimitBeforeReadingIt() throws Exception {
        RawHttp.Reply reply = RawHttp.postDeclared(base, "/api/callbacks/qr-grants", Map.of("Content-Type", "application/json",
                "webhook-id", "msg_big", "webhook-timestamp", "1", "webhook-signature", "v1,x"), 1024 * 1024, 4096);

        BodyLimitChecks.assertBodyTooLarge(reply);
    }
}
