package io.switchboard.common.jsonrpc;

/**
 * WebSocket close codes of both links. 1001/1012 and 4000-4499 mean "reconnect (with backoff)";
 * 4500-4999 mean "do not reconnect without a person or a new token".
 */
public final class CloseCodes {
    /** Normal closure: the conversation is over (e.g. a QR login reached its final state); nothing to reconnect for. */
    public static final int NORMAL = 1000;
    /** Server shutting down: reconnect, another replica will take the connection. */
    public static final int GOING_AWAY = 1001;
    /** Policy violation (e.g. a binary frame on a text protocol). */
    public static final int POLICY = 1008;
    /** A frame or message larger than the documented limit. */
    public static final int TOO_BIG = 1009;
    /** An unexpected server error: reconnect (with backoff). */
    public static final int SERVER_ERROR = 1011;
    /** Service restart: reconnect. */
    public static final int RESTART = 1012;
    /** Try again later: this replica is at a capacity limit (e.g. its waiters); reconnect with backoff. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** No frame (not even a pong) within the idle timeout: reconnect. */
    public static final int IDLE_TIMEOUT = 4000;
    /** The client could not keep up with its outbound queue: reconnect and recover with {@code since}. */
    public static final int SLOW_CONSUMER = 4001;
    /**
     * Missed events: the server could not replay what the socket missed (its history was trimmed past the
     * socket's last offset, or the channel's epoch changed because Redis lost data). Reconnect and resubscribe
     * with {@code since} (and {@code epoch}); the answer {@code recovered: false} then tells the client to reload.
     */
    public static final int MISSED_EVENTS = 4002;
    /** Replaced by a newer connection of the same device: do not reconnect. */
    public static final int REPLACED = 4500;
    /** The token expired during the connection: get a new token before reconnecting. */
    public static final int TOKEN_EXPIRED = 4501;

    private CloseCodes() {
    }
}
