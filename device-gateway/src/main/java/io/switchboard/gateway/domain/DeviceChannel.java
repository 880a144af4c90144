package io.switchboard.gateway.domain;

import io.smallrye.mutiny.Uni;

/**
 * One open device socket as the gateway's services see it: send a text frame, close with a code, ping, and the
 * device's {@link DeviceSession} held directly. It exists so that the services do not depend on the socket
 * library: the device link is served by a plain Vert.x {@code ServerWebSocket} (endpoint.VertxDeviceChannel), not
 * websockets-next, which keeps about 10 KiB more per idle socket (docs/benchmarks/heap-floor.md); tests use a
 * fake. Every method may be called from any thread.
 */
public interface DeviceChannel {

    /** This connection's id (a UUID), written into the device's presence record and used by kicks. */
    String id();

    /** The device's state on this connection. */
    DeviceSession session();

    /** Writes one text frame; completes once the frame is written, fails if the socket is closed. */
    Uni<Void> sendText(String text);

    /** Sends a close frame with {@code code} and {@code reason}, then closes; nothing happens if already closed. */
    Uni<Void> close(int code, String reason);

    /** Sends a ping frame (the server's keep-alive); nothing happens if closed. */
    void ping();

    boolean isOpen();

    /** How the socket was closed ({@code "1000 bye"}, {@code "1006"}) for logs; {@code "open"} while open. */
    String closeReason();
}
