package io.switchboard.testsupport.ws;

import java.util.List;

/**
 * How a connection ended while a test waited: the server's close frame (its code and reason), the TCP
 * connection closed without one, or still open when the wait ran out. {@code before} holds the frames the
 * server sent first.
 */
public record CloseOutcome(Kind kind, int code, String reason, int payloadLength, List<Frame> before) {
    /** {@link #code()} when the TCP connection closed without a close frame. */
    public static final int NO_CLOSE_FRAME = -1;
    /** {@link #code()} when the connection was still open at the deadline. */
    public static final int STILL_OPEN = -2;

    public enum Kind { CLOSE_FRAME, TCP_CLOSED, STILL_OPEN }

    static CloseOutcome closeFrame(Frame close, List<Frame> before) {
        return new CloseOutcome(Kind.CLOSE_FRAME, close.closeCode(), close.closeReason(), close.payload().length,
                List.copyOf(before));
    }

    static CloseOutcome tcpClosed(List<Frame> before) {
        return new CloseOutcome(Kind.TCP_CLOSED, NO_CLOSE_FRAME, "", 0, List.copyOf(before));
    }

    static CloseOutcome stillOpen(List<Frame> before) {
        return new CloseOutcome(Kind.STILL_OPEN, STILL_OPEN, "", 0, List.copyOf(before));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CLOSE_FRAME -> "close frame " + code + (reason.isEmpty() ? "" : " \"" + reason + "\"");
            case TCP_CLOSED -> "TCP closed without close frame";
            case STILL_OPEN -> "still open";
        } + (before.isEmpty() ? "" : " after " + before);
    }
}
