package io.switchboard.testsupport.ws;

import static io.switchboard.testsupport.ws.ConformanceCase.of;
import static io.switchboard.testsupport.ws.Probe.WAIT;
import static io.switchboard.testsupport.ws.Probe.assertAnswersPing;
import static io.switchboard.testsupport.ws.Probe.assertClosedWith;
import static io.switchboard.testsupport.ws.Probe.closeNormally;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn section 2, ping and pong: a ping is answered by a pong with the same payload (up to the
 * 125 bytes a control frame may carry), a longer ping is a protocol error, an unsolicited pong is ignored.
 */
final class PingPongCases {
    private PingPongCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(of("2.1", "ping without payload -> pong without payload", e -> pingEchoed(e, new byte[0], 0)));
        cases.add(of("2.2", "ping with a text payload -> pong with the same payload",
                e -> pingEchoed(e, "Hello, world!".getBytes(StandardCharsets.UTF_8), 0)));
        cases.add(of("2.3", "ping with a binary payload -> pong with the same payload",
                e -> pingEchoed(e, new byte[] {0x00, (byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc, (byte) 0xfb, 0x00, (byte) 0xff}, 0)));
        cases.add(of("2.4", "ping with 125 bytes -> pong with the same 125 bytes", e -> pingEchoed(e, Probe.bytes(125, 3), 0)));
        cases.add(of("2.5", "ping with 126 bytes (over the control frame limit) -> 1002", e -> {
            try (RawWebSocket ws = e.open()) {
                ws.send(Frame.ping(Probe.bytes(126, 3)));
                assertClosedWith(ws, 1002);
            }
        }));
        cases.add(of("2.6", "ping with 125 bytes in writes of 1 byte -> pong with the same payload",
                e -> pingEchoed(e, Probe.bytes(125, 5), 1)));
        cases.add(of("2.7", "unsolicited pong without payload -> ignored", e -> unsolicitedPong(e, new byte[0])));
        cases.add(of("2.8", "unsolicited pong with payload -> ignored",
                e -> unsolicitedPong(e, "unsolicited".getBytes(StandardCharsets.UTF_8))));
        cases.add(of("2.9", "unsolicited pong, then ping -> pong with the ping's payload", e -> {
            try (RawWebSocket ws = e.open()) {
                ws.send(Frame.pong("unsolicited".getBytes(StandardCharsets.UTF_8)), Frame.ping("ping payload".getBytes(StandardCharsets.UTF_8)));
                Frame pong = ws.read(WAIT);
                assertThat(pong.opcode()).isEqualTo(Frame.PONG);
                assertThat(pong.text()).isEqualTo("ping payload");
                closeNormally(ws);
            }
        }));
        cases.add(of("2.10", "10 pings -> 10 pongs in order", e -> tenPings(e, 0)));
        cases.add(of("2.11", "10 pings in writes of 1 byte -> 10 pongs in order", e -> tenPings(e, 1)));
        return cases;
    }

    private static void pingEchoed(Endpoint e, byte[] payload, int chop) throws Exception {
        try (RawWebSocket ws = e.open()) {
            if (chop > 0) {
                ws.sendChopped(chop, Frame.ping(payload));
            } else {
                ws.send(Frame.ping(payload));
            }
            Frame pong = ws.read(WAIT);
            assertThat(pong.opcode()).as("answer %s", pong).isEqualTo(Frame.PONG);
            assertThat(pong.fin()).isTrue();
            assertThat(pong.payload()).isEqualTo(payload);
            closeNormally(ws);
        }
    }

    private static void unsolicitedPong(Endpoint e, byte[] payload) throws Exception {
        try (RawWebSocket ws = e.open()) {
            ws.send(Frame.pong(payload));
            assertAnswersPing(ws);
            closeNormally(ws);
        }
    }

    private static void tenPings(Endpoint e, int chop) throws Exception {
        try (RawWebSocket ws = e.open()) {
            Frame[] pings = new Frame[10];
            for (int i = 0; i < pings.length; i++) {
                pings[i] = Frame.ping(("payload-" + i).getBytes(StandardCharsets.UTF_8));
            }
            if (chop > 0) {
                ws.sendChopped(chop, pings);
            } else {
                ws.send(pings);
            }
            for (int i = 0; i < pings.length; i++) {
                Frame pong = ws.read(WAIT);
                assertThat(pong.opcode()).isEqualTo(Frame.PONG);
                assertThat(pong.text()).isEqualTo("payload-" + i);
            }
            closeNormally(ws);
        }
    }
}
