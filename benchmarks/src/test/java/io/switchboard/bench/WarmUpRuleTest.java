package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When the commands scenario's warm-up counts the JIT as settled ({@link CommandDriver#settled}). */
class WarmUpRuleTest {
    @Test
    void shouldNotStopOnAPlateauOfTwoWindows() {
        // a real run's first windows: the pair 4.44, 4.69 is within 10%, and CPU fell to 0.84 ms after it
        assertThat(CommandDriver.settled(List.of(28.25, 8.83, 5.48, 4.44, 4.69))).isFalse();
    }

    @Test
    void shouldStopWhenTheLastThreeWindowsAreWithin5PercentOfTheirMean() {
        assertThat(CommandDriver.settled(List.of(20.03, 6.09, 1.33, 0.89, 0.79, 0.87, 0.93, 0.92))).isTrue();
        assertThat(CommandDriver.settled(List.of(0.22, 0.23, 0.21))).isTrue();
    }

    @Test
    void shouldNotStopWhileStillFalling() {
        assertThat(CommandDriver.settled(List.of(2.45, 2.24, 2.08))).isFalse(); // each step about 8%
        assertThat(CommandDriver.settled(List.of(0.9, 0.9))).isFalse(); // fewer than three windows
    }
}
