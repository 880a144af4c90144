package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testsupport.BodyLimitChecks;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.RawHttp;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway takes no bodies of its own, and reads none over 64 KiB: 413 problem+json {@code body_too_large}. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class BodyLimitTest {
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");

    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldAnswer413ProblemToADeclaredBodyOverTheLimit() throws Exception {
        RawHttp.Reply reply = RawHttp.postDeclared(base, "/devices/ws", HEADERS, 64 * 1024 + 1, 0);

        BodyLimitChecks.assertBodyTooLarge(reply);
    }

    @Test
    void shouldAnswer413ProblemToAChunkedBodyPastTheLimit() {
        RawHttp.Reply reply = RawHttp.postChunked(base, "/q/health", HEADERS, RawHttp.filler(256 * 1024), 16 * 1024);

        assertThat(reply.status()).as(reply.body()).isEqualTo(413);
        assertThat(reply.body()).contains("body_too_large");
    }
}
