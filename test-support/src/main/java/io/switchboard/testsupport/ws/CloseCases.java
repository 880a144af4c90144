package io.switchboard.testsupport.ws;

import static io.switchboard.testsupport.ws.ConformanceCase.of;
import static io.switchboard.testsupport.ws.Probe.assertClosedWith;
import static io.switchboard.testsupport.ws.Probe.assertPong;
import static io.switchboard.testsupport.ws.Probe.newId;
import static io.switchboard.testsupport.ws.Probe.pingRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn section 7, the closing handshake: a close with a valid code is answered with a close echoing
 * it and nothing the client sends after its close is processed; a close with a code no endpoint may send,
 * a 1-byte payload or a payload over 125 bytes is a protocol error (1002); a reason that is not UTF-8 is 1007.
 */
final class CloseCases {
    /** Codes an endpoint may send (RFC 6455 7.4.1 and the IANA registry, 1012-1014), and the private ranges. */
    static final int[] VALID = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999};
    /** Codes that must not appear in a close frame: reserved (1004, 1005, 1006, 1015), unassigned, or below 1000. */
    static final int[] INVALID = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999};

    private CloseCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(of("7.1.1", "valid request, then close 1000 -> answer, then close 1000", e -> {
            try (RawWebSocket ws = e.open()) {
                String id = newId();
                ws.sendText(pingRequest(id));
                assertPong(ws, id);
                ws.send(Frame.close(1000, ""));
                assertClosedWith(ws, 1000);
            }
        }));
        cases.add(of("7.1.2", "close 1000 twice -> one close 1000", e -> afterClose(e, Frame.close(1000, ""))));
        cases.add(of("7.1.3", "close, then a ping -> close 1000, no pong", e -> afterClose(e, Frame.ping("late".getBytes()))));
        cases.add(of("7.1.4", "close, then a request -> close 1000, no answer", e -> afterClose(e, Frame.text(pingRequest(newId())))));
        cases.add(of("7.1.5", "fragment, close, continuation -> close 1000, nothing else", e -> {
            try (RawWebSocket ws = e.open()) {
                String request = pingRequest(newId());
                ws.send(Frame.text(request.substring(0, 10)).notFinal(), Frame.close(1000, ""), Frame.continuation(request.substring(10)));
                assertThat(assertClosedWith(ws, 1000).before()).isEmpty();
                assertThat(ws.framesUntilEnd(Probe.WAIT)).as("frames after the close").isEmpty();
            }
        }));
        cases.add(of("7.3.1", "close without payload -> close without payload (or 1000)", e -> {
            try (RawWebSocket ws = e.open()) {
                ws.send(Frame.of(Frame.CLOSE, new byte[0]));
                CloseOutcome outcome = ws.awaitClose(Probe.WAIT);
                assertThat(outcome.kind()).as(outcome.toString()).isEqualTo(CloseOutcome.Kind.CLOSE_FRAME);
                assertThat(outcome.payloadLength() == 0 || outcome.code() == 1000)
                        .as("an empty close or 1000, never the reserved 1005 on the wire: %s (payload %d bytes)",
                                outcome, outcome.payloadLength()).isTrue();
            }
        }));
        cases.add(of("7.3.2", "close with a 1-byte payload -> 1002", e -> closeWith(e, Frame.of(Frame.CLOSE, new byte[] {0x03}), 1002)));
        cases.add(of("7.3.3", "close 1000 with a reason -> close 1000", e -> closeWith(e, Frame.close(1000, "bye"), 1000)));
        cases.add(of("7.3.4", "close 1000 with a 123-byte reason (125-byte payload) -> close 1000",
                e -> closeWith(e, Frame.close(1000, "r".repeat(123)), 1000)));
        cases.add(of("7.3.5", "close 1000 with a 124-byte reason (126-byte payload) -> 1002",
                e -> closeWith(e, Frame.close(1000, "r".repeat(124)), 1002)));
        cases.add(of("7.5.1", "close 1000 with a reason that is not UTF-8 -> 1007", e -> closeWith(e,
                Frame.close(1000, Probe.concat("κόσμε".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})), 1007)));
        for (int i = 0; i < VALID.length; i++) {
            int code = VALID[i];
            cases.add(of("7.7." + (i + 1), "close " + code + " -> close " + code + " echoed", e -> closeWith(e, Frame.close(code, ""), code)));
        }
        for (int i = 0; i < INVALID.length; i++) {
            int code = INVALID[i];
            cases.add(of("7.9." + (i + 1), "close " + code + " (not allowed on the wire) -> 1002", e -> closeWith(e, Frame.close(code, ""), 1002)));
        }
        return cases;
    }

    private static void closeWith(Endpoint e, Frame close, int expected) throws Exception {
        try (RawWebSocket ws = e.open()) {
            ws.send(close);
            assertClosedWith(ws, expected);
        }
    }

    /** Sends close 1000 and {@code late} in one write: the server answers the close and nothing else. */
    private static void afterClose(Endpoint e, Frame late) throws Exception {
        try (RawWebSocket ws = e.open()) {
            ws.send(Frame.close(1000, ""), late);
            assertThat(assertClosedWith(ws, 1000).before()).isEmpty();
            assertThat(ws.framesUntilEnd(Probe.WAIT)).as("frames after the close").isEmpty();
        }
    }
}
