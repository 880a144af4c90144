package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameFieldsTest {
    private static final String EVENT = "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"offset\":17,"
            + "\"epoch\":\"1795342530123456-3f9a1c0d2e4b\",\"channel\":\"shop:s1\",\"id\":\"evt-1\",\"type\":\"order.placed\","
            + "\"data\":{\"orderId\":\"o-1\"},\"time\":\"2026-11-22T10:15:30.123Z\"}}";

    @Test
    void shouldReadTheOffsetAndEpochOfAnEventFrame() {
        assertThat(FrameFields.longMember(EVENT, 0, "offset")).isEqualTo(17);
        assertThat(FrameFields.stringMember(EVENT, 0, "epoch")).isEqualTo("1795342530123456-3f9a1c0d2e4b");
    }

    @Test
    void shouldAnswerNullForAnEpochThatIsNullOrAbsent() {
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"channel\":\"shop:s1\",\"offset\":0,\"epoch\":null,\"recovered\":false}}";
        assertThat(FrameFields.longMember(answer, answer.indexOf("\"result\""), "offset")).isZero();
        assertThat(FrameFields.stringMember(answer, 0, "epoch")).isNull();
        assertThat(FrameFields.stringMember(answer, 0, "nothing")).isNull();
    }

    @Test
    void shouldAnswerMinusOneForAnOffsetThatIsMissingOrNotANumber() {
        assertThat(FrameFields.longMember("{\"offset\":null}", 0, "offset")).isEqualTo(-1);
        assertThat(FrameFields.longMember("{\"id\":\"x\"}", 0, "offset")).isEqualTo(-1);
    }
}
