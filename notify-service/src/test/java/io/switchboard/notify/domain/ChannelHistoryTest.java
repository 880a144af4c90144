package io.switchboard.notify.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Pure logic: which {@code since} a history read can serve, with or without an epoch. */
class ChannelHistoryTest {
    private static ChannelHistory history(long head, long firstKept) {
        List<EventFrame> events = LongStream.rangeClosed(firstKept, head)
                .mapToObj(o -> new EventFrame("user:u", "e" + o, o, "E1", Instant.EPOCH, "{}")).toList();
        return new ChannelHistory(head, "E1", events);
    }

    private static List<Long> offsets(Optional<List<EventFrame>> events) {
        return events.orElseThrow().stream().map(EventFrame::offset).toList();
    }

    @Test
    void shouldServeEverySinceFromTheOldestKeptMinusOneUpToTheHead() {
        ChannelHistory h = history(10, 6);
        assertThat(offsets(h.after(5))).isEqualTo(List.of(6L, 7L, 8L, 9L, 10L));
        assertThat(offsets(h.after(8))).isEqualTo(List.of(9L, 10L));
        assertThat(offsets(h.after(10))).isEqualTo(List.of());
        assertThat(h.covers(5L)).isTrue();
        assertThat(h.covers(8L, "E1")).isTrue();
    }

    @Test
    void shouldNotServeATrimmedGapASinceBeyondTheHeadOrAnotherEpoch() {
        ChannelHistory h = history(10, 6);
        assertThat(h.after(4).isEmpty()).as("offset 5 was trimmed").isTrue();
        assertThat(h.after(11).isEmpty()).as("beyond the channel's offset").isTrue();
        assertThat(h.covers(null)).as("no since: nothing to recover").isFalse();
        assertThat(h.covers(8L, "E0")).as("another epoch").isFalse();
        assertThat(new ChannelHistory(3, "E1", List.of()).after(1).isEmpty()).as("nothing kept, events missed").isTrue();
        assertThat(new ChannelHistory(0, null, List.of()).covers(0L)).as("an empty channel, nothing missed").isTrue();
        assertThat(new ChannelHistory(0, null, List.of()).covers(0L, "E1")).as("the channel lost its epoch").isFalse();
    }
}
