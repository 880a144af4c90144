package io.switchboard.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.command.service.CommandRequestParser;
import io.switchboard.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Idempotency compares requests by a canonical hash: key order and spacing must not matter. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class CommandRequestParserTest {
    @Inject
    CommandRequestParser parser;

    @Test
    void shouldHashEqualRequestsAlikeWhateverTheKeyOrder() {
        var a = parser.parse("{\"method\":\"dispense\",\"params\":{\"a\":1,\"b\":{\"x\":[1,2],\"y\":null}}}");
        var b = parser.parse("{ \"params\" : {\"b\":{\"y\":null,\"x\":[1,2]},\"a\":1}, \"method\":\"dispense\", \"timeoutMs\":7000}");
        assertThat(parser.hash("k1", a)).isEqualTo(parser.hash("k1", b));
    }

    @Test
    void shouldHashDifferentRequestsDifferently() {
        var a = parser.parse("{\"method\":\"dispense\",\"params\":{\"a\":1}}");
        var b = parser.parse("{\"method\":\"dispense\",\"params\":{\"a\":2}}");
        assertThat(parser.hash("k1", a)).isNotEqualTo(parser.hash("k1", b));
        assertThat(parser.hash("k1", a)).isNotEqualTo(parser.hash("k2", a));
    }

    @Test
    void shouldApplyTheDefaultTimeout() {
        assertThat(parser.parse("{\"method\":\"dispense\"}").timeoutMs()).isEqualTo(7000);
    }
}
