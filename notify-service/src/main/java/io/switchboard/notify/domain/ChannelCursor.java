package io.switchboard.notify.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * One subscription of one socket: the last offset sent, and while history is being replayed, the live
 * events that arrived meanwhile (sent after the replay, minus any offset already replayed).
 * Guarded by the owning {@link SocketSession}'s monitor.
 */
public final class ChannelCursor {
    private long lastOffset;
    private List<EventFrame> pending = new ArrayList<>();

    public ChannelCursor() {
        this.lastOffset = 0;
    }

    public long lastOffset() {
        return lastOffset;
    }

    /** Records that {@code offset} was sent; false when it was sent already (or is older). */
    public boolean advance(long offset) {
        if (offset <= lastOffset) {
            return false;
        }
        lastOffset = offset;
        return true;
    }

    /** Sets where the subscription starts: the offset the replay continues from, or the channel's head. */
    public void startAfter(long offset) {
        lastOffset = offset;
    }

    public boolean replaying() {
        return pending != null;
    }

    /** Holds a live event during the replay; returns how many are held. */
    public int hold(EventFrame event) {
        pending.add(event);
        return pending.size();
    }

    /** Ends the replay: returns the held live events, in arrival order, and goes live. */
    public List<EventFrame> goLive() {
        List<EventFrame> held = pending == null ? List.of() : pending;
        pending = null;
        return held;
    }
}
