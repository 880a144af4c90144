package io.switchboard.common.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps problems, and the framework's own HTTP errors, to {@code application/problem+json}. */
public class ProblemExceptionMapper {

    @ServerExceptionMapper
    public Response toResponse(ProblemException e) {
        Response.ResponseBuilder b = Response.status(e.problem().status())
                .type(Problem.MEDIA_TYPE).entity(e.problem());
        e.headers().forEach(b::header);
        return b.build();
    }

    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problem.of(401, "unauthorized", "Unauthorized", "A valid bearer token is required")).build();
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(403, "forbidden", "Forbidden", "The token's roles do not allow this")).build();
    }

    /**
     * Anything unexpected: 503 {@code store_unavailable} with {@code Retry-After: 1} when Redis cannot serve us
     * just now (see {@link Unavailable}); otherwise a 500 problem with an incident id that is also logged,
     * never a stack trace on the wire.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Exception e) {
        if (e instanceof WebApplicationException wae) {
            return toResponse(wae);
        }
        if (Unavailable.is(e)) {
            io.quarkus.logging.Log.warnf("answered 503: a backing store is unavailable (%s)", e.getMessage());
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "1")
                    .entity(Problem.of(503, "store_unavailable", "Service Unavailable",
                            "A backing store is unavailable just now; retry shortly")).build();
        }
        String incident = java.util.UUID.randomUUID().toString();
        io.quarkus.logging.Log.errorf(e, "[incident %s] unexpected failure at the HTTP edge", incident);
        return Response.status(500).type(Problem.MEDIA_TYPE).entity(Problem.of(500, "internal_error", "Internal error",
                "The request failed unexpectedly; incident " + incident)).build();
    }

    @ServerExceptionMapper
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
        String title = Response.Status.fromStatusCode(status) == null ? "HTTP " + status
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, code, title, title)).build();
    }
}
