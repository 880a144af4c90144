package io.switchboard.auth.rest;

import io.quarkus.logging.Log;
import io.switchboard.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Anything not already a problem (e.g. Redis unreachable) becomes a 500 {@code internal_error} problem
 * with an incident id that is also logged; never a stack trace on the wire.
 */
public class UnexpectedFailureMapper {

    @ServerExceptionMapper
    public Response toResponse(Exception e) {
        String incident = UUID.randomUUID().toString();
        Log.errorf(e, "[incident %s] unexpected failure", incident);
        Problem problem = Problem.of(500, "internal_error", "Internal error",
                "The request failed unexpectedly; incident " + incident);
        return Response.status(500).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
