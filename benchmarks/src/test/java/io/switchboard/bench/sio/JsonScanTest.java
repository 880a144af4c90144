package io.switchboard.bench.sio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonScanTest {
    @Test
    void shouldReadThePidOfAConnectAcknowledgement() {
        String ack = "40{\"sid\":\"a_B-c\",\"pid\":\"p\\\"1\"}";
        assertThat(JsonScan.stringMember(ack, 2, "pid")).isEqualTo("p\"1");
        assertThat(JsonScan.stringMember(ack, 2, "sid")).isEqualTo("a_B-c");
    }

    @Test
    void shouldAnswerNullWithoutThatMemberOrWhenItIsNotAString() {
        assertThat(JsonScan.stringMember("40{\"sid\":\"x\"}", 2, "pid")).isNull();
        assertThat(JsonScan.stringMember("40{\"pid\":null}", 2, "pid")).isNull();
    }
}
