package io.switchboard.common.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Any text frame a device or a browser can send is classified by {@link JsonRpcMessage#parse}: a request,
 * a notification, a response, or an invalid frame carrying a standard JSON-RPC error. Nothing else, and the
 * error frame answered for an invalid one is itself a valid JSON-RPC response. Inputs: the committed corpus
 * under {@code JsonRpcMessageFuzzTestInputs/} (replayed by every test run); {@code JAZZER_FUZZ=1} fuzzes
 * (scripts/fuzz.sh).
 */
class JsonRpcMessageFuzzTest {
    private static final Set<Integer> INVALID_CODES = Set.of(JsonRpcErrors.PARSE_ERROR, JsonRpcErrors.INVALID_REQUEST,
            JsonRpcErrors.INVALID_PARAMS);

    @FuzzTest(maxDuration = "30s")
    void anyTextFrameIsAMessageOrAStandardError(byte[] input) {
        // a text frame is UTF-8 (the socket closes 1007 otherwise): what reaches the parser is a String
        String text = new String(input, StandardCharsets.UTF_8);
        JsonRpcMessage message = JsonRpcMessage.parse(text);
        assertThat(message).isNotNull();
        if (message instanceof JsonRpcMessage.Request r) {
            assertValidId(r.id());
            assertMethod(r.method());
            assertParams(r.params());
            assertAnswerable(r.id(), JsonRpcFrames.result(r.id(), "pong"));
            assertAnswerable(r.id(), JsonRpcFrames.error(r.id(), JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + r.method()));
        } else if (message instanceof JsonRpcMessage.Notification n) {
            assertMethod(n.method());
            assertParams(n.params());
        } else if (message instanceof JsonRpcMessage.Response r) {
            assertValidId(r.id());
            assertThat(r.isError() != (r.result() != null)).as("exactly one of result and error").isTrue();
            if (r.isError()) {
                assertThat(r.error().path("code").isIntegralNumber() && r.error().path("message").isTextual()).isTrue();
            }
        } else {
            JsonRpcMessage.Invalid i = assertThat(message).asInstanceOf(type(JsonRpcMessage.Invalid.class)).actual();
            assertThat(INVALID_CODES.contains(i.code())).as("standard code, got " + i.code()).isTrue();
            assertValidId(i.id());
            assertThat(i.message() != null && !i.message().isEmpty()).isTrue();
            assertAnswerable(i.id(), JsonRpcFrames.error(i.id(), i.code(), i.message()));
        }
    }

    private static void assertValidId(JsonNode id) {
        assertThat(id).as("id is JSON null, never Java null").isNotNull();
        assertThat(id.isTextual() || id.isIntegralNumber() || id.isNull()).as("id must be a string, a number or null").isTrue();
    }

    private static void assertMethod(String method) {
        assertThat(method != null && !method.isEmpty()).isTrue();
    }

    private static void assertParams(JsonNode params) {
        assertThat(params == null || params.isObject() || params.isArray())
                .as("params must be an object, an array or absent").isTrue();
    }

    /** The frame we would send back parses as a response to the same id. */
    private static void assertAnswerable(JsonNode id, String answer) {
        JsonRpcMessage parsed = JsonRpcMessage.parse(answer);
        JsonRpcMessage.Response response = assertThat(parsed)
                .as(answer).asInstanceOf(type(JsonRpcMessage.Response.class)).actual();
        assertThat(response.id()).isEqualTo(id);
    }
}
