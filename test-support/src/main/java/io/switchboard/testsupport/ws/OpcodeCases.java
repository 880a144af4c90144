package io.switchboard.testsupport.ws;

import static io.switchboard.testsupport.ws.ConformanceCase.of;
import static io.switchboard.testsupport.ws.Probe.assertClosedWith;
import static io.switchboard.testsupport.ws.Probe.assertPong;
import static io.switchboard.testsupport.ws.Probe.newId;
import static io.switchboard.testsupport.ws.Probe.pingRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn section 4, opcodes: the reserved non-control opcodes 3 to 7 and control opcodes 11 to 15 are a
 * protocol error (1002), with or without payload, also after a valid request (which is still answered).
 */
final class OpcodeCases {
    private OpcodeCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int opcode = 3; opcode <= 7; opcode++) {
            int op = opcode;
            cases.add(of("4.1." + (opcode - 2), "reserved non-control opcode " + opcode + (op % 2 == 0 ? " with payload" : "")
                    + " after a valid request -> answer, then 1002", e -> reserved(e, op, op % 2 == 0)));
        }
        for (int opcode = 11; opcode <= 15; opcode++) {
            int op = opcode;
            cases.add(of("4.2." + (opcode - 10), "reserved control opcode " + opcode + (op % 2 == 0 ? " with payload" : "")
                    + " after a valid request -> answer, then 1002", e -> reserved(e, op, op % 2 == 0)));
        }
        return cases;
    }

    private static void reserved(Endpoint e, int opcode, boolean payload) throws Exception {
        try (RawWebSocket ws = e.open()) {
            String id = newId();
            ws.sendText(pingRequest(id));
            assertPong(ws, id);
            ws.send(Frame.of(opcode, payload ? "reserved".getBytes() : new byte[0]));
            assertClosedWith(ws, 1002);
        }
    }
}
