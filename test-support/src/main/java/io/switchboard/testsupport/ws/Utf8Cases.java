package io.switchboard.testsupport.ws;

import static io.switchboard.testsupport.ws.ConformanceCase.of;
import static io.switchboard.testsupport.ws.Probe.answerTo;
import static io.switchboard.testsupport.ws.Probe.assertClosedWith;
import static io.switchboard.testsupport.ws.Probe.closeNormally;
import static io.switchboard.testsupport.ws.Probe.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Autobahn section 6, UTF-8: a text message must be valid UTF-8 as a whole. Valid multi-byte text (also
 * split inside a character across fragments) is answered, the id echoed byte for byte; invalid UTF-8 closes
 * the socket with 1007, in one frame or split across fragments, and as soon as the bad fragment arrives.
 */
final class Utf8Cases {
    /** Valid text with 2-, 3- and 4-byte characters and the edges of the code space. */
    static final String VALID = "κόσμε ✓ 😀 \u007f\u0080\u07ff\u0800\ud7ff\ue000\ufffd\uffff\udbff\udfff";

    private Utf8Cases() {
    }

    /** Byte sequences that are not UTF-8 (RFC 3629), by name. */
    static Map<String, byte[]> invalid() {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("a UTF-16 surrogate (ED A0 80) after valid text", concat("κόσμε".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "edited".getBytes(StandardCharsets.UTF_8)));
        bad.put("a lone continuation byte (80)", new byte[] {(byte) 0x80});
        bad.put("an overlong '/' (C0 AF)", new byte[] {(byte) 0xc0, (byte) 0xaf});
        bad.put("an overlong 3-byte NUL (E0 80 80)", new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0x80});
        bad.put("a code point over U+10FFFF (F4 90 80 80)", new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
        bad.put("the byte FE", new byte[] {(byte) 0xfe});
        bad.put("the byte FF", new byte[] {(byte) 0xff});
        bad.put("a 3-byte sequence cut short (E2 82, then an ASCII byte)", new byte[] {(byte) 0xe2, (byte) 0x82});
        return bad;
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(of("6.2.1", "valid multi-byte UTF-8 in one frame -> answered, id echoed exactly", e -> valid(e, 0)));
        cases.add(of("6.2.3", "valid multi-byte UTF-8 in 1-byte fragments (characters split) -> answered", e -> valid(e, 1)));
        cases.add(of("6.2.4", "valid multi-byte UTF-8 in 3-byte fragments -> answered", e -> valid(e, 3)));
        int n = 1;
        for (Map.Entry<String, byte[]> bad : invalid().entrySet()) {
            byte[] message = request(bad.getValue());
            cases.add(of("6.3." + n, "text frame with " + bad.getKey() + " -> 1007", e -> invalid(e, message, 0)));
            cases.add(of("6.4." + n, "text message with " + bad.getKey() + ", in 1-byte fragments -> 1007",
                    e -> invalid(e, message, 1)));
            n++;
        }
        byte[] cutShort = concat("{\"a\":1}".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xe2, (byte) 0x82});
        cases.add(of("6.3.9", "text message ending inside a character -> 1007", e -> invalid(e, cutShort, 0)));
        cases.add(of("6.4.9", "text message ending inside a character, in 1-byte fragments -> 1007", e -> invalid(e, cutShort, 1)));
        cases.add(of("6.4.10", "invalid UTF-8 in the second of three fragments -> 1007 before the message ends", e -> {
            try (RawWebSocket ws = e.open()) {
                ws.send(Frame.text("{\"jsonrpc\":\"2.0\",\"id\":\"κόσμε").notFinal(),
                        Frame.continuation(new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}).notFinal());
                assertClosedWith(ws, 1007);
            }
        }));
        return cases;
    }

    /** A ping request whose id holds these bytes. */
    private static byte[] request(byte[] idBytes) {
        return concat("{\"jsonrpc\":\"2.0\",\"id\":\"".getBytes(StandardCharsets.UTF_8), idBytes,
                "\",\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void valid(Endpoint e, int fragment) throws Exception {
        try (RawWebSocket ws = e.open()) {
            byte[] message = request(VALID.getBytes(StandardCharsets.UTF_8));
            ws.send(fragments(message, fragment));
            assertThat(answerTo(ws, VALID).path("result").asText()).isEqualTo("pong");
            closeNormally(ws);
        }
    }

    private static void invalid(Endpoint e, byte[] message, int fragment) throws Exception {
        try (RawWebSocket ws = e.open()) {
            ws.send(fragments(message, fragment));
            assertClosedWith(ws, 1007);
        }
    }

    /** The message as one text frame ({@code size} 0) or as fragments of {@code size} bytes. */
    static Frame[] fragments(byte[] message, int size) {
        if (size <= 0) {
            return new Frame[] {Frame.text(message)};
        }
        List<Frame> frames = new ArrayList<>();
        for (int from = 0; from < message.length; from += size) {
            byte[] piece = Arrays.copyOfRange(message, from, Math.min(message.length, from + size));
            Frame f = from == 0 ? Frame.text(piece) : Frame.continuation(piece);
            frames.add(from + size >= message.length ? f : f.notFinal());
        }
        return frames.toArray(Frame[]::new);
    }
}
