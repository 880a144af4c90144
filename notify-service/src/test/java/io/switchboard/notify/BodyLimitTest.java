package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.notify.support.Ingest;
import io.switchboard.testsupport.BodyLimitChecks;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.RawHttp;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code quarkus.http.limits.max-body-size} (64 KiB here): a larger body is answered 413 problem+json
 * {@code body_too_large} before the rest of it is read, whether its length is declared or it is chunked;
 * a chunked body within the limit still reaches the resource whole.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class BodyLimitTest {
    private static final int MIB = 1024 * 1024;
    private static final Map<String, String> HEADERS = Map.of("Authorization", "Bearer " + Ingest.SERVICE_TOKEN,
            "Content-Type", "application/json");

    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldAnswer413ProblemToADeclaredMebibyteWithoutWaitingForIt() throws Exception {
        // 1 MiB declared, 16 KiB sent: the answer comes although the rest never does
        RawHttp.Reply reply = RawHttp.postDeclared(base, "/api/events", HEADERS, MIB, 16 * 1024);

        assertTooLarge(reply);
    }

    @Test
    void shouldAnswer413ProblemToAChunkedMebibyteAtTheLimit() throws Exception {
        RawHttp.Reply reply = RawHttp.postChunked(base, "/api/events", HEADERS, RawHttp.filler(MIB), 8 * 1024);

        assertTooLarge(reply);
    }

    @Test
    void shouldAnswer413EvenWithoutAToken() throws Exception {
        RawHttp.Reply reply = RawHttp.postDeclared(base, "/api/events", Map.of("Content-Type", "application/json"), MIB, 0);

        assertTooLarge(reply);
    }

    @Test
    void shouldIngestAChunkedEventWithinTheLimit() throws Exception {
        String id = Ingest.unique("evt-chunked");
        byte[] event = new ObjectMapper().writeValueAsBytes(Ingest.event(id, "user:" + Ingest.unique("u"), "message",
                Map.of("text", "x".repeat(20_000))));
        RawHttp.Reply reply = RawHttp.postChunked(base, "/api/events", HEADERS, event, 4096);

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(new ObjectMapper().readTree(reply.body()).path("id").asText()).isEqualTo(id);
    }

    private static void assertTooLarge(RawHttp.Reply reply) throws Exception {
        JsonNode problem = BodyLimitChecks.assertBodyTooLarge(reply);
        assertThat(reply.header("Connection")).isEqualTo("close");
        assertThat(problem.path("status").asInt()).isEqualTo(413);
    }
}
