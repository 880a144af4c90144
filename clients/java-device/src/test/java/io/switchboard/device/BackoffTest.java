package io.switchboard.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    private final Random random = new Random(42);

    @Test
    void shouldStayBetweenTheFloorAndTheExponentialStep() {
        for (int attempt = 0; attempt < 8; attempt++) {
            long step = Math.min(5000, 200L << attempt);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delayMs(attempt, random)).isBetween(100L, step);
            }
        }
    }

    @Test
    void shouldNeverExceedTheCapHoweverManyAttempts() {
        IntStream.of(10, 20, 31, 64, 1000, Integer.MAX_VALUE).forEach(attempt ->
                assertThat(backoff.delayMs(attempt, random)).isBetween(100L, 5000L));
    }

    @Test
    void shouldJitterSoAFleetDoesNotReconnectAtOnce() {
        Set<Long> delays = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            delays.add(backoff.delayMs(12, random));
        }
        assertThat(delays).hasSizeGreaterThan(50);
        assertThat(delays.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(2500);
    }

    @Test
    void shouldSpreadEvenTheFirstAttempt() {
        Set<Long> delays = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            delays.add(backoff.delayMs(0, random));
        }
        assertThat(delays).hasSizeGreaterThan(40);
        assertThat(delays).allMatch(d -> d >= 100 && d <= 200);
    }

    @Test
    void shouldRefuseACapBelowTheFloor() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
