package io.switchboard.testsupport.ws;

import static io.switchboard.testsupport.ws.ConformanceCase.of;
import static io.switchboard.testsupport.ws.Probe.assertClosedWith;
import static io.switchboard.testsupport.ws.Probe.assertPong;
import static io.switchboard.testsupport.ws.Probe.closeNormally;
import static io.switchboard.testsupport.ws.Probe.newId;
import static io.switchboard.testsupport.ws.Probe.pingRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Autobahn section 9 (limits and performance), scaled to this server: messages just under and just over the
 * endpoint's configured maximum ({@link Endpoint#maxMessageBytes()}), whole or fragmented, and frames that
 * only announce a huge length. Over the limit is 1009; a length with the most significant bit set is 1002.
 * The client never sends bytes past the point where the server must close, so no TCP reset can overtake
 * the close frame.
 */
final class LimitCases {
    private LimitCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(of("9.1.1", "text message of exactly the maximum size -> answered", e -> whole(e, e.maxMessageBytes(), false)));
        cases.add(of("9.1.2", "text message one byte over the maximum -> 1009", e -> whole(e, e.maxMessageBytes() + 1, true)));
        cases.add(of("9.2.1", "fragmented message of exactly the maximum size -> answered", e -> fragmented(e, e.maxMessageBytes(), true, false)));
        cases.add(of("9.2.2", "fragmented message one byte over the maximum -> 1009", e -> fragmented(e, e.maxMessageBytes() + 1, true, true)));
        cases.add(of("9.2.3", "unfinished fragmented message past the maximum -> 1009 without waiting for its end",
                e -> fragmented(e, 2 * e.maxMessageBytes(), false, true)));
        cases.add(of("9.3.1", "frame announcing 2^60 bytes (none sent) -> 1009, nothing allocated", e -> announce(e, Frame.TEXT, 1L << 60, 1009)));
        cases.add(of("9.3.2", "binary frame announcing 2^32 bytes (none sent) -> 1009", e -> announce(e, Frame.BINARY, 1L << 32, 1009)));
        cases.add(of("9.3.3", "frame announcing a length with the most significant bit set (2^63) -> 1002",
                e -> announce(e, Frame.TEXT, Long.MIN_VALUE, 1002)));
        return cases;
    }

    private static void whole(Endpoint e, int bytes, boolean tooBig) throws Exception {
        try (RawWebSocket ws = e.open()) {
            String id = newId();
            ws.send(Frame.text(pingRequest(id, bytes)));
            if (tooBig) {
                assertClosedWith(ws, 1009);
            } else {
                assertPong(ws, id);
                closeNormally(ws);
            }
        }
    }

    /**
     * A ping request of {@code bytes} in fragments of a quarter of the maximum. With {@code finish}, the
     * last fragment ends the message; without, the message is left unfinished. Fragments stop once the
     * message is past the maximum: the server must close then.
     */
    private static void fragmented(Endpoint e, int bytes, boolean finish, boolean tooBig) throws Exception {
        try (RawWebSocket ws = e.open()) {
            String id = newId();
            byte[] request = pingRequest(id, bytes).getBytes(StandardCharsets.UTF_8);
            int size = Math.max(1, e.maxMessageBytes() / 4);
            for (int from = 0; from < request.length && from <= e.maxMessageBytes(); from += size) {
                byte[] piece = Arrays.copyOfRange(request, from, Math.min(request.length, from + size));
                Frame f = from == 0 ? Frame.text(piece) : Frame.continuation(piece);
                boolean last = from + size >= request.length;
                ws.send(last && finish ? f : f.notFinal());
            }
            if (tooBig) {
                assertClosedWith(ws, 1009);
            } else {
                assertPong(ws, id);
                closeNormally(ws);
            }
        }
    }

    private static void announce(Endpoint e, int opcode, long length, int expected) throws Exception {
        try (RawWebSocket ws = e.open()) {
            ws.send(Frame.of(opcode, new byte[0]).declaring(length));
            assertClosedWith(ws, expected);
        }
    }
}
