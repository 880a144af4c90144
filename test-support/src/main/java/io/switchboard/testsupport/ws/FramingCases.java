package io.switchboard.testsupport.ws;

import static io.switchboard.testsupport.ws.ConformanceCase.of;
import static io.switchboard.testsupport.ws.Probe.assertAnswersPing;
import static io.switchboard.testsupport.ws.Probe.assertClosedWith;
import static io.switchboard.testsupport.ws.Probe.assertError;
import static io.switchboard.testsupport.ws.Probe.assertPong;
import static io.switchboard.testsupport.ws.Probe.closeNormally;
import static io.switchboard.testsupport.ws.Probe.newId;
import static io.switchboard.testsupport.ws.Probe.pingRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn section 1, framing: text and binary messages at the length-encoding boundaries (7-bit, 16-bit,
 * 64-bit), whole or chopped into small TCP writes; plus frames no client may send (unmasked, non-minimal
 * length). Text must be JSON-RPC here, so a text message is a {@code ping} padded to the length.
 */
final class FramingCases {
    static final int[] LENGTHS = {125, 126, 127, 128, 65535, 65536};

    private FramingCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(of("1.1.1", "empty text message -> JSON-RPC -32700, socket stays open", e -> {
            try (RawWebSocket ws = e.open()) {
                ws.send(Frame.text(""));
                assertError(ws, -32700);
                assertAnswersPing(ws);
                closeNormally(ws);
            }
        }));
        for (int i = 0; i < LENGTHS.length; i++) {
            int length = LENGTHS[i];
            cases.add(of("1.1." + (i + 2), "text message of " + length + " bytes -> answered", e -> textOf(e, length, 0)));
        }
        cases.add(of("1.1.8", "text message of 65536 bytes in writes of 997 bytes -> answered", e -> textOf(e, 65536, 997)));
        cases.add(of("1.1.9", "text that is not JSON -> JSON-RPC -32700, socket stays open", e -> {
            try (RawWebSocket ws = e.open()) {
                ws.sendText("Hello, world!");
                assertError(ws, -32700);
                assertAnswersPing(ws);
                closeNormally(ws);
            }
        }));
        int[] binaryLengths = {0, 125, 126, 127, 128, 65535, 65536};
        for (int i = 0; i < binaryLengths.length; i++) {
            int length = binaryLengths[i];
            cases.add(of("1.2." + (i + 1), "binary message of " + length + " bytes -> endpoint's binary policy",
                    e -> binaryOf(e, length, 0)));
        }
        cases.add(of("1.2.8", "binary message of 65536 bytes in writes of 997 bytes -> endpoint's binary policy",
                e -> binaryOf(e, 65536, 997)));
        cases.add(of("1.3.1", "unmasked text frame from the client -> 1002", e -> {
            try (RawWebSocket ws = e.open()) {
                ws.send(Frame.text(pingRequest(newId())).unmasked());
                assertClosedWith(ws, 1002);
            }
        }));
        cases.add(of("1.3.2", "unmasked ping frame from the client -> 1002", e -> {
            try (RawWebSocket ws = e.open()) {
                ws.send(Frame.ping("x".getBytes()).unmasked());
                assertClosedWith(ws, 1002);
            }
        }));
        cases.add(of("1.3.3", "16-bit length used for a 5-byte payload (not minimal) -> 1002", e -> {
            try (RawWebSocket ws = e.open()) {
                byte[] frame = {(byte) 0x81, (byte) (0x80 | 126), 0, 5, 1, 2, 3, 4, 'h' ^ 1, 'e' ^ 2, 'l' ^ 3, 'l' ^ 4, 'o' ^ 1};
                ws.sendRaw(frame);
                assertClosedWith(ws, 1002);
            }
        }));
        return cases;
    }

    private static void textOf(Endpoint e, int length, int chop) throws Exception {
        try (RawWebSocket ws = e.open()) {
            String id = newId();
            Frame frame = Frame.text(pingRequest(id, length));
            if (chop > 0) {
                ws.sendChopped(chop, frame);
            } else {
                ws.send(frame);
            }
            assertPong(ws, id);
            closeNormally(ws);
        }
    }

    private static void binaryOf(Endpoint e, int length, int chop) throws Exception {
        try (RawWebSocket ws = e.open()) {
            Frame frame = Frame.binary(Probe.bytes(length, 7));
            if (chop > 0) {
                ws.sendChopped(chop, frame);
            } else {
                ws.send(frame);
            }
            if (e.binaryMessages() == Endpoint.BinaryMessages.CLOSE_1008) {
                assertClosedWith(ws, 1008);
            } else {
                assertAnswersPing(ws);
                closeNormally(ws);
            }
        }
    }
}
