package io.switchboard.common.problem;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure means "a backing store (Redis) cannot serve us just now": connection refused or lost,
 * a timeout, or a reply such as LOADING or READONLY that a later try may not get. Such a failure is answered
 * 503 with {@code Retry-After}, not 500: nothing is wrong with the request, and retrying is right.
 */
public final class Unavailable {
    private static final List<String> TRANSIENT_REPLIES = List.of("LOADING", "READONLY", "MASTERDOWN", "BUSY", "TRYAGAIN",
            "CLUSTERDOWN", "NOREPLICAS", "OOM");

    private Unavailable() {
    }

    /** True when {@code reply}, an error reply of Redis, is one a later try may not get (LOADING, READONLY, ...). */
    public static boolean transientReply(Throwable reply) {
        String message = String.valueOf(reply.getMessage());
        return TRANSIENT_REPLIES.stream().anyMatch(message::startsWith);
    }

    /** True when {@code failure}, or one of its causes, says the store is unreachable or busy for now. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Response reply && reply.type() == ResponseType.ERROR) {
                return transientReply(t);
            }
            if (t instanceof IOException || t instanceof TimeoutException
                    || t.getClass().getName().startsWith("io.vertx.redis.client")
                    || t.getClass().getName().endsWith("TimeoutException")
                    || t.getClass().getName().endsWith("ConnectionPoolTooBusyException")) {
                return true;
            }
        }
        return false;
    }
}
