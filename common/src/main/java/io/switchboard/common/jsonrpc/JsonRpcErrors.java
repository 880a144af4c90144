package io.switchboard.common.jsonrpc;

/** JSON-RPC 2.0 error codes used on the device and browser links. */
public final class JsonRpcErrors {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** Server-defined: the caller may not do this (e.g. subscribe to another shop's channel). */
    public static final int FORBIDDEN = -32003;
    /** Server-defined: a request's deadline passed before it could be served. */
    public static final int DEADLINE_EXCEEDED = -32004;
    /** Server-defined: too many requests in flight on this connection. */
    public static final int OVERLOADED = -32005;
    /** A backing store (Redis) cannot be reached just now: retry shortly. */
    public static final int UNAVAILABLE = -32006;
    /**
     * Server-defined: this connection sends faster than its allowance (or runs too many {@code since} replays);
     * {@code data.retryAfterMs} says when to try again. A client that keeps going is closed with 1008.
     */
    public static final int RATE_LIMITED = -32007;

    private JsonRpcErrors() {
    }
}
