package io.switchboard.notify.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.common.jsonrpc.JsonRpcMessage;
import io.switchboard.notify.domain.Caller;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.testsupport.fuzz.FakeConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Any text frame a browser sends is handled by {@link BrowserLink#frame} as the socket handles it: a request gets
 * exactly one response for its id (a result, or a standard or documented error code), an invalid frame one error
 * response, anything else nothing; the socket stays open. {@code -32603 Internal error} is a finding: the link
 * answers it only when a method threw. The methods, the channel policy and the parameter parsing are the real
 * ones; Redis is answered in memory ({@link OfflineServices}). The caller is merchant {@code m1} of shop
 * {@code s1} and member of board {@code b1}, so that allowed and refused channels are both in reach.
 */
class BrowserFrameFuzzTest {
    private static final Set<Integer> REQUEST_CODES = Set.of(JsonRpcErrors.METHOD_NOT_FOUND, JsonRpcErrors.INVALID_PARAMS,
            JsonRpcErrors.FORBIDDEN, JsonRpcErrors.OVERLOADED, JsonRpcErrors.UNAVAILABLE, JsonRpcErrors.RATE_LIMITED);
    private static final Set<Integer> INVALID_CODES = Set.of(JsonRpcErrors.PARSE_ERROR, JsonRpcErrors.INVALID_REQUEST,
            JsonRpcErrors.INVALID_PARAMS);
    private static final OfflineServices SERVICES = new OfflineServices();

    @FuzzTest(maxDuration = "30s")
    void anyBrowserFrameGetsOneAnswerOrNone(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        FakeConnection socket = new FakeConnection("s-fuzz");
        Caller caller = new Caller("m1", Set.of("merchant"), "s1", Set.of("b1"), Instant.MAX);
        socket.connection().userData().put(SocketSession.KEY, new SocketSession(caller));

        SERVICES.link.frame(socket.connection(), text).await().indefinitely();

        assertThat(socket.closed()).as("a frame under the size limit never closes the socket").isNull();
        List<String> sent = socket.sent();
        JsonRpcMessage message = JsonRpcMessage.parse(text);
        if (message instanceof JsonRpcMessage.Request request) {
            assertThat(sent).hasSize(1);
            JsonRpcMessage.Response answer = (JsonRpcMessage.Response) JsonRpcMessage.parse(sent.get(0));
            assertThat(answer.id()).isEqualTo(request.id());
            if (answer.isError()) {
                assertThat(REQUEST_CODES).contains(answer.error().get("code").asInt());
            }
        } else if (message instanceof JsonRpcMessage.Invalid invalid) {
            assertThat(sent).hasSize(1);
            JsonRpcMessage.Response answer = (JsonRpcMessage.Response) JsonRpcMessage.parse(sent.get(0));
            assertThat(INVALID_CODES).contains(answer.error().get("code").asInt()).contains(invalid.code());
        } else {
            assertThat(sent).as("notifications and responses from a browser are not answered").isEmpty();
        }
    }
}
