package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.notify.support.RawSocket;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Messages over 64 KiB and frames over 128 KiB close the socket with 1009; binary frames close it with 1008. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class FrameLimitTest {
    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldCloseWith1009WhenAMessageIsLargerThan64KiB() throws Exception {
        try (RawSocket s = open()) {
            s.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "y".repeat(70_000) + "\"}}");
            assertThat(s.readUntilClose()).isEqualTo(CloseCodes.TOO_BIG);
        }
    }

    @Test
    void shouldCloseWith1009WhenAFrameExceedsTheHardLimitOf128KiB() throws Exception {
        try (RawSocket s = open()) {
            s.announceFrame(0x1, 200_000);
            assertThat(s.readUntilClose())
                    .as("the frame is refused by its header alone, with a close frame").isEqualTo(CloseCodes.TOO_BIG);
        }
    }

    @Test
    void shouldAnswerAFrameJustUnderTheLimit() throws Exception {
        try (RawSocket s = open()) {
            s.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "y".repeat(60_000) + "\"}}");
            s.sendFrame(0x8, new byte[] {0x03, (byte) 0xe8});
            assertThat(s.readUntilClose()).as("the ping was answered and the socket closed normally").isEqualTo(1000);
        }
    }

    @Test
    void shouldCloseWith1008OnABinaryFrame() throws Exception {
        try (RawSocket s = open()) {
            s.sendFrame(0x2, new byte[] {1, 2, 3});
            assertThat(s.readUntilClose()).isEqualTo(CloseCodes.POLICY);
        }
    }

    private RawSocket open() throws Exception {
        RawSocket s = RawSocket.upgrade(base, Map.of("Authorization", "Bearer " + Tokens.of("customer", "c1")), 0);
        assertThat(s.status()).isEqualTo(101);
        return s;
    }
}
