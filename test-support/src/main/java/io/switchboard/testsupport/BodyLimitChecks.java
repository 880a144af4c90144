package io.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What every service answers to a body over {@code quarkus.http.limits.max-body-size} (64 KiB): 413
 * problem+json with code {@code body_too_large} and the limit. The body-limit tests of each service call it
 * with a {@link RawHttp} reply.
 */
public final class BodyLimitChecks {
    /** The body limit every service is configured with. */
    public static final long LIMIT = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BodyLimitChecks() {
    }

    /** Asserts the 413 problem+json {@code body_too_large} answer and returns the problem for further checks. */
    public static JsonNode assertBodyTooLarge(RawHttp.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(413);
        assertThat(reply.header("Content-Type")).as(reply.headers().toString()).startsWith("application/problem+json");
        JsonNode problem;
        try {
            problem = JSON.readTree(ContractSchemas.assertValid("problem.json", reply.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + reply.body(), e);
        }
        assertThat(problem.path("code").asText()).isEqualTo("body_too_large");
        assertThat(problem.path("limit").asLong()).isEqualTo(LIMIT);
        return problem;
    }
}
