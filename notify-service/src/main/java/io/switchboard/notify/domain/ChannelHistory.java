package io.switchboard.notify.domain;

import java.util.List;

/**
 * What a subscriber gets from a channel's history: the channel's current offset ({@code head}) and the
 * retained events after the requested offset, oldest first.
 */
public record ChannelHistory(long head, List<EventFrame> events) {
    public ChannelHistory {
        events = List.copyOf(events);
    }

    /**
     * True when every event after {@code since} is in {@link #events}: nothing was missed, or the first
     * retained event directly follows {@code since}. False without {@code since}, when history was trimmed
     * past it, or when {@code since} is ahead of the channel (offsets from another Redis).
     */
    public boolean covers(Long since) {
        if (since == null || since < 0 || since > head) {
            return false;
        }
        if (since == head) {
            return true;
        }
        return !events.isEmpty() && events.get(0).offset() == since + 1 && events.get(events.size() - 1).offset() == head;
    }
}
