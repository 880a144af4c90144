package io.switchboard.notify.domain;

import java.util.List;
import java.util.Optional;

/**
 * What a subscriber gets from a channel's history: the channel's current offset ({@code head}) and epoch
 * (null while the channel has no offset counter), and the retained events after the requested offset,
 * oldest first. Retained offsets are consecutive.
 */
public record ChannelHistory(long head, String epoch, List<EventFrame> events) {
    public ChannelHistory {
        events = List.copyOf(events);
    }

    /**
     * True when every event after {@code since} is in {@link #events}: nothing was missed, or the first
     * retained event directly follows {@code since}. False without {@code since}, when history was trimmed
     * past it, or when {@code since} is ahead of the channel (offsets from another Redis).
     */
    public boolean covers(Long since) {
        return since != null && after(since).isPresent();
    }

    /** As {@link #covers}, and also false when {@code epoch} is given and is not the channel's current one. */
    public boolean covers(Long since, String sinceEpoch) {
        return covers(since) && (sinceEpoch == null || sinceEpoch.equals(epoch));
    }

    /**
     * The events after {@code since}, when this history holds all of them (possibly none); empty when it
     * cannot: {@code since} is ahead of the channel, or older events than those retained are missing.
     * Works for any {@code since} at or above the offset the history was read from.
     */
    public Optional<List<EventFrame>> after(long since) {
        if (since < 0 || since > head) {
            return Optional.empty();
        }
        if (since == head) {
            return Optional.of(List.of());
        }
        if (events.isEmpty() || events.get(events.size() - 1).offset() != head) {
            return Optional.empty();
        }
        long first = events.get(0).offset();
        if (first > since + 1) {
            return Optional.empty();
        }
        int from = (int) (since + 1 - first);
        return events.get(from).offset() == since + 1 ? Optional.of(events.subList(from, events.size())) : Optional.empty();
    }
}
