package io.switchboard.notify.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * One subscription of one socket: the last offset sent and its epoch, and while history is being replayed,
 * the live events that arrived meanwhile (sent after the replay, minus any offset already replayed).
 * A cursor is live or replaying; only the one replay that put it in the replaying state sends on it until
 * it goes live again. Guarded by the owning {@link SocketSession}'s monitor.
 */
public final class ChannelCursor {
    private long lastOffset;
    private String epoch;
    private List<EventFrame> pending = new ArrayList<>();
    private boolean stale;

    public long lastOffset() {
        return lastOffset;
    }

    /** The channel epoch {@link #lastOffset} belongs to; null while unknown (a channel without events yet). */
    public String epoch() {
        return epoch;
    }

    /** True when {@code other} is known and differs from this cursor's known epoch: offsets started again. */
    public boolean epochChanged(String other) {
        return epoch != null && other != null && !epoch.equals(other);
    }

    /** Records that {@code offset} was sent; false when it was sent already (or is older). */
    public boolean advance(long offset) {
        if (offset <= lastOffset) {
            return false;
        }
        lastOffset = offset;
        return true;
    }

    /** Records that {@code event} was sent (see {@link #advance}); adopts its epoch when none was known. */
    public boolean advance(EventFrame event) {
        if (!advance(event.offset())) {
            return false;
        }
        if (epoch == null) {
            epoch = event.epoch();
        }
        return true;
    }

    /** True when {@code event} is not the next offset (a gap: something was missed) and not an old one either. */
    public boolean isAhead(EventFrame event) {
        return event.offset() > lastOffset + 1;
    }

    /** Sets where the subscription starts: the offset the replay continues from (or the channel's head), of {@code epoch}. */
    public void startAfter(long offset, String epoch) {
        lastOffset = offset;
        if (epoch != null) {
            this.epoch = epoch;
        }
    }

    public boolean replaying() {
        return pending != null;
    }

    /** Puts a live cursor back in the replaying state (a catch-up): live events are held from now on. */
    public void replayAgain() {
        if (pending == null) {
            pending = new ArrayList<>();
        }
    }

    /** Holds a live event during the replay; returns how many are held. */
    public int hold(EventFrame event) {
        pending.add(event);
        return pending.size();
    }

    /** Asks the replay running now to catch up once more before going live (it may have read too early). */
    public void markStale() {
        stale = true;
    }

    /** True (once) when a catch-up was asked for during the replay. */
    public boolean takeStale() {
        boolean was = stale;
        stale = false;
        return was;
    }

    /** Ends the replay: returns the held live events, in arrival order, and goes live. */
    public List<EventFrame> goLive() {
        List<EventFrame> held = pending == null ? List.of() : pending;
        pending = null;
        return held;
    }
}
