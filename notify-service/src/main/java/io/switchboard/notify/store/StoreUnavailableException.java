package io.switchboard.notify.store;

import io.switchboard.common.problem.Unavailable;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Redis could not be reached or could not serve the command just now (connection refused or lost, timeout,
 * loading, read-only replica after a failover, busy script): the same command may succeed later. Callers
 * retry it (Kafka ingest) or answer "unavailable, try again" (HTTP 503, JSON-RPC -32006). Any other error
 * Redis answers (a script error, a wrong type) is a bug or bad data, not an outage, and is not wrapped.
 */
public final class StoreUnavailableException extends RuntimeException {
    StoreUnavailableException(Throwable cause) {
        super("the event store (Redis) is unavailable: " + cause.getMessage(), cause, false, false);
    }

    /** {@code failure} wrapped when it means "Redis unavailable", else {@code failure} itself. */
    static Throwable classify(Throwable failure) {
        if (failure instanceof StoreUnavailableException) {
            return failure;
        }
        if (failure instanceof Response reply && reply.type() == ResponseType.ERROR) {
            return Unavailable.transientReply(failure) ? new StoreUnavailableException(failure) : failure;
        }
        return new StoreUnavailableException(failure);
    }
}
