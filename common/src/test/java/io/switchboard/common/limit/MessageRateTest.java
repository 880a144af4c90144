package io.switchboard.common.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.limit.MessageRate.Outcome;
import io.switchboard.common.limit.MessageRate.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageRateTest {
    private static final long MS = 1_000_000L;
    private static final MessageRate.Limits LIMITS = new MessageRate.Limits(5, 10, 3, Duration.ofSeconds(10));

    @Test
    void shouldAdmitTheBurstAtOnceThenLimitWithTheTimeToTheNextToken() {
        MessageRate rate = new MessageRate(LIMITS, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(rate.take(0).admitted()).isTrue();
        }
        Verdict limited = rate.take(0);
        assertThat(limited.outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(limited.retryAfterMs()).isEqualTo(100); // 10 per second: one token every 100 ms
        assertThat(limited.first()).isTrue();
        assertThat(rate.take(40 * MS).retryAfterMs()).isEqualTo(60);
    }

    @Test
    void shouldRefillAtTheSustainedRateUpToTheBurst() {
        MessageRate rate = new MessageRate(LIMITS, 0);
        for (int i = 0; i < 5; i++) {
            rate.take(0);
        }
        assertThat(rate.take(100 * MS).admitted()).isTrue();
        assertThat(rate.take(100 * MS).admitted()).isFalse();
        long hourLater = 3_600_000 * MS;
        for (int i = 0; i < 5; i++) {
            assertThat(rate.take(hourLater).admitted()).as("token %d after a long pause", i).isTrue();
        }
        assertThat(rate.take(hourLater).admitted()).as("the bucket never holds more than the burst").isFalse();
    }

    @Test
    void shouldAdmitForeverAClientThatKeepsToTheSustainedRate() {
        MessageRate rate = new MessageRate(LIMITS, 0);
        for (long t = 0; t < 60_000; t += 100) {
            assertThat(rate.take(t * MS).admitted()).as("message at %d ms", t).isTrue();
        }
    }

    @Test
    void shouldSayExceededOnceStrikesPassTheLimitWithinTheWindowAndStayExceeded() {
        MessageRate rate = new MessageRate(LIMITS, 0);
        for (int i = 0; i < 5; i++) {
            rate.take(0);
        }
        assertThat(rate.take(1 * MS).first()).isTrue();
        assertThat(rate.take(2 * MS).first()).as("logged once per connection").isFalse();
        assertThat(rate.take(3 * MS).outcome()).isEqualTo(Outcome.LIMITED);
        Verdict exceeded = rate.take(4 * MS);
        assertThat(exceeded.outcome()).isEqualTo(Outcome.EXCEEDED);
        assertThat(exceeded.first()).isTrue();
        Verdict after = rate.take(3_600_000 * MS);
        assertThat(after.outcome()).as("no way back once exceeded").isEqualTo(Outcome.EXCEEDED);
        assertThat(after.first()).isFalse();
    }

    @Test
    void shouldForgetStrikesOfAnEarlierWindow() {
        MessageRate rate = new MessageRate(new MessageRate.Limits(1, 0.01, 2, Duration.ofSeconds(1)), 0);
        rate.take(0);
        assertThat(rate.take(1 * MS).outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(rate.take(2 * MS).outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(rate.take(1_500 * MS).outcome()).as("a new window: strikes start again").isEqualTo(Outcome.LIMITED);
        assertThat(rate.strikes()).isEqualTo(1);
        assertThat(rate.take(1_501 * MS).outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(rate.take(1_502 * MS).outcome()).isEqualTo(Outcome.EXCEEDED);
    }

    @Test
    void shouldRefuseLimitsThatCannotWork() {
        assertThatThrownBy(() -> new MessageRate.Limits(0, 10, 3, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageRate.Limits(5, 0, 3, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageRate.Limits(5, 10, 3, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
