package io.switchboard.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testsupport.BodyLimitChecks;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.RawHttp;
import io.switchboard.testsupport.Tokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command bodies are limited to 64 KiB: beyond, 413 problem+json {@code body_too_large}, the rest unread. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class BodyLimitTest {
    private static final Map<String, String> HEADERS = Map.of("Authorization", "Bearer " + Tokens.of("operator", "op-body"),
            "Content-Type", "application/json");

    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldAnswer413ProblemToABodyOverTheLimitBeforeReadingIt() throws Exception {
        RawHttp.Reply reply = RawHttp.postDeclared(base, "/api/devices/k1/commands", HEADERS, 64 * 1024 + 1, 0);

        BodyLimitChecks.assertBodyTooLarge(reply);
    }

    @Test
    void shouldReadAChunkedCommandWithinTheLimit() {
        byte[] body = "{\"method\":\"dispense\",\"params\":{\"bag\":1}}".getBytes(StandardCharsets.UTF_8);

        RawHttp.Reply reply = RawHttp.postChunked(base, "/api/devices/dev-nobody-holds/commands", HEADERS, body, 7);

        assertThat(reply.status()).as("parsed whole, then found offline: %s", reply.body()).isEqualTo(409);
        assertThat(reply.body()).contains("device_offline");
    }

    @Test
    void shouldAnswer413ProblemToAChunkedBodyPastTheLimit() {
        RawHttp.Reply reply = RawHttp.postChunked(base, "/api/devices/k1/commands", HEADERS, RawHttp.filler(256 * 1024), 16 * 1024);

        assertThat(reply.status()).as(reply.body()).isEqualTo(413);
        assertThat(reply.body()).contains("body_too_large");
    }
}
