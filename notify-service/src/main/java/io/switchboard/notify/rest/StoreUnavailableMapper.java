package io.switchboard.notify.rest;

import io.quarkus.logging.Log;
import io.switchboard.common.problem.Problem;
import io.switchboard.notify.store.StoreUnavailableException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Redis unavailable at the HTTP edge: 503 problem {@code store_unavailable} with {@code Retry-After}, never a 500. */
public class StoreUnavailableMapper {
    /** Seconds a caller is told to wait: Redis restarts and failovers take seconds. */
    static final String RETRY_AFTER_SECONDS = "1";

    @ServerExceptionMapper
    public Response toResponse(StoreUnavailableException e) {
        Log.warnf("[http] answered 503: %s", e.getMessage());
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", RETRY_AFTER_SECONDS)
                .entity(Problem.of(503, "store_unavailable", "Service unavailable",
                        "The event store is unavailable; nothing was stored. Try again shortly.")).build();
    }
}
