package io.switchboard.gateway.support;

import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.domain.DeviceChannel;
import io.switchboard.gateway.domain.DeviceSession;
import java.util.ArrayList;
import java.util.List;

/** A {@link DeviceChannel} without a socket, for tests of the per-frame logic: records what is sent and the close. */
public final class FakeChannel implements DeviceChannel {
    private final String id;
    private final DeviceSession session;
    private final List<String> sent = new ArrayList<>();
    private volatile String closed;

    public FakeChannel(String id, DeviceSession session) {
        this.id = id;
        this.session = session;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public DeviceSession session() {
        return session;
    }

    @Override
    public Uni<Void> sendText(String text) {
        synchronized (sent) {
            sent.add(text);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> close(int code, String reason) {
        closed = code + " " + reason;
        return Uni.createFrom().voidItem();
    }

    @Override
    public void ping() {
    }

    @Override
    public boolean isOpen() {
        return closed == null;
    }

    @Override
    public String closeReason() {
        return closed == null ? "open" : closed;
    }

    /** Text frames sent so far, in order. */
    public List<String> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }
}
