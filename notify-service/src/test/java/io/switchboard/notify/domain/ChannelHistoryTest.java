package io.switchboard.notify.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), offsets(h.after(5)));
        assertEquals(List.of(9L, 10L), offsets(h.after(8)));
        assertEquals(List.of(), offsets(h.after(10)));
        assertTrue(h.covers(5L));
        assertTrue(h.covers(8L, "E1"));
    }

    @Test
    void shouldNotServeATrimmedGapASinceBeyondTheHeadOrAnotherEpoch() {
        ChannelHistory h = history(10, 6);
        assertTrue(h.after(4).isEmpty(), "offset 5 was trimmed");
        assertTrue(h.after(11).isEmpty(), "beyond the channel's offset");
        assertFalse(h.covers(null), "no since: nothing to recover");
        assertFalse(h.covers(8L, "E0"), "another epoch");
        assertTrue(new ChannelHistory(3, "E1", List.of()).after(1).isEmpty(), "nothing kept, events missed");
        assertTrue(new ChannelHistory(0, null, List.of()).covers(0L), "an empty channel, nothing missed");
        assertFalse(new ChannelHistory(0, null, List.of()).covers(0L, "E1"), "the channel lost its epoch");
    }
}
