package io.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The schemas are strict where the contract is closed, and their {@code $ref}s between files resolve. */
class ContractSchemasTest {
    private static final String FRAME = """
            {"jsonrpc":"2.0","id":"cmd_1","method":"dispense","params":{"bag":1,"_meta":{%s}}}""";

    @Test
    void shouldAcceptACommandFrameWithDeadlineTraceparentAndOtherMetaKeys() {
        ContractSchemas.assertValid("device-command-frame.json", FRAME.formatted(
                "\"deadline\":\"2026-11-22T10:15:49.001Z\",\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",\"x-later\":1"));
    }

    @Test
    void shouldRejectACommandFrameWithoutDeadlineOrWithABadTraceparent() {
        ContractSchemas.assertInvalid("device-command-frame.json", FRAME.formatted(""));
        ContractSchemas.assertInvalid("device-command-frame.json", FRAME.formatted(
                "\"deadline\":\"2026-11-22T10:15:49.001Z\",\"traceparent\":\"not-a-trace\""));
        ContractSchemas.assertInvalid("device-command-frame.json", FRAME.formatted("\"deadline\":\"tomorrow\""));
    }

    @Test
    void shouldRejectAReplyWithAnUnknownKindOrAnExtraMember() {
        String reply = """
                {"kind":"%s","commandId":"cmd_1","deviceId":"d1","gateway":"gw-1","result":{"ok":true},"error":null,
                 "time":"2026-11-22T10:15:42.310Z","reason":null%s}""";
        ContractSchemas.assertValid("kafka-device-reply.json", reply.formatted("RESULT", ""));
        ContractSchemas.assertInvalid("kafka-device-reply.json", reply.formatted("ANSWERED", ""));
        ContractSchemas.assertInvalid("kafka-device-reply.json", reply.formatted("RESULT", ",\"extra\":1"));
        ContractSchemas.assertInvalid("kafka-device-reply.json", reply.formatted("ERROR", ""));
    }

    @Test
    void shouldReportTextThatIsNotJsonAndAnUnknownSchema() {
        assertThat(ContractSchemas.errors("problem.json", "{not json")).isNotEmpty();
        assertThatThrownBy(() -> ContractSchemas.errors("no-such.json", "{}")).isInstanceOf(IllegalArgumentException.class);
    }
}
