package io.switchboard.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The close-code table of docs/contract.md. */
class ClosePolicyTest {
    @ParameterizedTest
    @ValueSource(ints = {1001, 1002, 1006, 1007, 1008, 1009, 1011, 1012, 1013, 4000, 4001, 4002, 4499})
    void shouldReconnectAfter(int code) {
        assertThat(ClosePolicy.after(code)).isEqualTo(ClosePolicy.RECONNECT);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 4500, 4502, 4999})
    void shouldStopAfter(int code) {
        assertThat(ClosePolicy.after(code)).isEqualTo(ClosePolicy.STOP);
    }

    @ParameterizedTest
    @ValueSource(ints = {4501})
    void shouldReconnectOnlyWithANewTokenAfter(int code) {
        assertThat(ClosePolicy.after(code)).isEqualTo(ClosePolicy.RENEW_TOKEN);
    }
}
