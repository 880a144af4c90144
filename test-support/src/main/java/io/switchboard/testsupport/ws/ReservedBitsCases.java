package io.switchboard.testsupport.ws;

import static io.switchboard.testsupport.ws.ConformanceCase.of;
import static io.switchboard.testsupport.ws.Probe.assertClosedWith;
import static io.switchboard.testsupport.ws.Probe.assertPong;
import static io.switchboard.testsupport.ws.Probe.newId;
import static io.switchboard.testsupport.ws.Probe.pingRequest;

import java.util.List;

/**
 * Autobahn section 3, reserved bits: no extension is negotiated (per-message compression is off), so any
 * RSV bit on any frame is a protocol error (1002). A valid request sent just before is still answered.
 */
final class ReservedBitsCases {
    private ReservedBitsCases() {
    }

    static List<ConformanceCase> all() {
        return List.of(
                of("3.1", "text frame with RSV=1 -> 1002", e -> reserved(e, Frame.text(pingRequest(newId())).rsv(1), false)),
                of("3.2", "valid request, then text frame with RSV=2 -> answer, then 1002",
                        e -> reserved(e, Frame.text(pingRequest(newId())).rsv(2), true)),
                of("3.3", "valid request, then text frame with RSV=3 -> answer, then 1002",
                        e -> reserved(e, Frame.text(pingRequest(newId())).rsv(3), true)),
                of("3.4", "valid request, then text frame with RSV=4 (RSV1, compression not negotiated) -> answer, then 1002",
                        e -> reserved(e, Frame.text(pingRequest(newId())).rsv(4), true)),
                of("3.5", "binary frame with RSV=5 -> 1002", e -> reserved(e, Frame.binary(Probe.bytes(8, 1)).rsv(5), false)),
                of("3.6", "ping frame with RSV=6 -> 1002", e -> reserved(e, Frame.ping("ping".getBytes()).rsv(6), false)),
                of("3.7", "close frame with RSV=7 -> 1002", e -> reserved(e, Frame.close(1000, "").rsv(7), false)));
    }

    private static void reserved(Endpoint e, Frame bad, boolean validFirst) throws Exception {
        try (RawWebSocket ws = e.open()) {
            if (validFirst) {
                String id = newId();
                ws.sendText(pingRequest(id));
                assertPong(ws, id);
            }
            ws.send(bad);
            assertClosedWith(ws, 1002);
        }
    }
}
