package io.switchboard.notify.service.rpc;

/**
 * The answer to a request: a {@code result}, or an {@code error} code and message. {@code afterSend}
 * runs right after the answer is written, in order with it (e.g. the replay that follows a subscribe);
 * {@code errorData} is the error's {@code data} member, or null.
 */
public record Reply(Object result, int errorCode, String errorMessage, Runnable afterSend, Object errorData) {

    public static Reply ok(Object result) {
        return new Reply(result, 0, null, null, null);
    }

    public static Reply ok(Object result, Runnable afterSend) {
        return new Reply(result, 0, null, afterSend, null);
    }

    public static Reply error(int code, String message) {
        return new Reply(null, code, message, null, null);
    }

    /** An error with a {@code data} member (e.g. {@code {"retryAfterMs": n}}). */
    public static Reply error(int code, String message, Object data) {
        return new Reply(null, code, message, null, data);
    }

    public boolean isError() {
        return errorMessage != null;
    }
}
