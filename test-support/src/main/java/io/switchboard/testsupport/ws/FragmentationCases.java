package io.switchboard.testsupport.ws;

import static io.switchboard.testsupport.ws.ConformanceCase.of;
import static io.switchboard.testsupport.ws.Probe.WAIT;
import static io.switchboard.testsupport.ws.Probe.assertClosedWith;
import static io.switchboard.testsupport.ws.Probe.assertPong;
import static io.switchboard.testsupport.ws.Probe.closeNormally;
import static io.switchboard.testsupport.ws.Probe.newId;
import static io.switchboard.testsupport.ws.Probe.pingRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Autobahn section 5, fragmentation: a text message split into frames is reassembled and answered, with
 * control frames between its fragments; control frames may not be fragmented, a continuation needs a
 * message to continue, and a new data frame may not start inside an unfinished message (all 1002).
 */
final class FragmentationCases {
    private FragmentationCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(of("5.1", "fragmented ping (FIN=0) -> 1002", e -> violation(e, Frame.ping("frag".getBytes()).notFinal(),
                Frame.continuation("ment").fin(true))));
        cases.add(of("5.2", "fragmented pong (FIN=0) -> 1002", e -> violation(e, Frame.pong("frag".getBytes()).notFinal(),
                Frame.continuation("ment").fin(true))));
        cases.add(of("5.3", "text message in 2 fragments -> answered", e -> fragmented(e, 2, false, 0)));
        cases.add(of("5.4", "text message in 2 fragments, in writes of 1 byte -> answered", e -> fragmented(e, 2, false, 1)));
        cases.add(of("5.6", "text message in 2 fragments with a ping between -> pong, then answer", e -> fragmented(e, 2, true, 0)));
        cases.add(of("5.7", "text message in 2 fragments with a ping between, in writes of 1 byte -> pong, then answer",
                e -> fragmented(e, 2, true, 1)));
        cases.add(of("5.9", "continuation (FIN=1) without a message to continue -> 1002",
                e -> violation(e, Frame.continuation("nothing to continue"))));
        cases.add(of("5.10", "continuation (FIN=0) without a message to continue -> 1002",
                e -> violation(e, Frame.continuation("nothing to continue").notFinal())));
        cases.add(of("5.15", "continuation after the message ended -> 1002", e -> {
            try (RawWebSocket ws = e.open()) {
                String id = newId();
                String request = pingRequest(id);
                ws.send(Frame.text(request.substring(0, 10)).notFinal(), Frame.continuation(request.substring(10)));
                assertPong(ws, id);
                ws.send(Frame.continuation("late").notFinal(), Frame.continuation("later"));
                assertClosedWith(ws, 1002);
            }
        }));
        cases.add(of("5.18", "new text frame inside an unfinished message -> 1002",
                e -> violation(e, Frame.text("{\"jsonrpc\":").notFinal(), Frame.text(pingRequest(newId())))));
        cases.add(of("5.18b", "binary frame inside an unfinished text message -> 1002",
                e -> violation(e, Frame.text("{\"jsonrpc\":").notFinal(), Frame.binary(new byte[] {1, 2, 3}))));
        cases.add(of("5.19", "text message in 5 fragments with 2 pings between -> 2 pongs, then answer",
                e -> fragmented(e, 5, true, 0)));
        cases.add(of("5.20", "text message in 5 fragments with 2 pings between, in writes of 1 byte -> 2 pongs, then answer",
                e -> fragmented(e, 5, true, 1)));
        cases.add(of("5.21", "text message in 1-byte fragments -> answered", e -> {
            try (RawWebSocket ws = e.open()) {
                String id = newId();
                byte[] request = pingRequest(id).getBytes(StandardCharsets.UTF_8);
                List<Frame> frames = new ArrayList<>();
                for (int i = 0; i < request.length; i++) {
                    byte[] one = {request[i]};
                    Frame f = i == 0 ? Frame.text(one) : Frame.continuation(one);
                    frames.add(i == request.length - 1 ? f : f.notFinal());
                }
                ws.send(frames.toArray(Frame[]::new));
                assertPong(ws, id);
                closeNormally(ws);
            }
        }));
        return cases;
    }

    private static void violation(Endpoint e, Frame... frames) throws Exception {
        try (RawWebSocket ws = e.open()) {
            ws.send(frames);
            assertClosedWith(ws, 1002);
        }
    }

    /** A ping request in {@code parts} fragments; with {@code pings}, a ping frame after the first and the second-to-last. */
    private static void fragmented(Endpoint e, int parts, boolean pings, int chop) throws Exception {
        try (RawWebSocket ws = e.open()) {
            String id = newId();
            byte[] request = pingRequest(id, 200).getBytes(StandardCharsets.UTF_8);
            List<Frame> frames = new ArrayList<>();
            int size = request.length / parts;
            int expectedPongs = 0;
            for (int i = 0; i < parts; i++) {
                int from = i * size;
                int to = i == parts - 1 ? request.length : from + size;
                byte[] piece = Arrays.copyOfRange(request, from, to);
                Frame f = i == 0 ? Frame.text(piece) : Frame.continuation(piece);
                frames.add(i == parts - 1 ? f : f.notFinal());
                if (pings && i < parts - 1 && (i == 0 || i == parts - 2)) {
                    frames.add(Frame.ping(("between-" + i).getBytes(StandardCharsets.UTF_8)));
                    expectedPongs++;
                }
            }
            if (chop > 0) {
                ws.sendChopped(chop, frames.toArray(Frame[]::new));
            } else {
                ws.send(frames.toArray(Frame[]::new));
            }
            for (int i = 0; i < expectedPongs; i++) {
                Frame pong = ws.read(WAIT);
                assertThat(pong.opcode()).as("frame %s", pong).isEqualTo(Frame.PONG);
                assertThat(pong.text()).startsWith("between-");
            }
            assertPong(ws, id);
            closeNormally(ws);
        }
    }
}
