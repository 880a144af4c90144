package io.switchboard.common.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A JSON body of the wrong shape for the resource's type (an object where a string belongs, an array for a record):
 * 400 problem+json {@code bad_request} naming where, instead of Quarkus' own plain 400. Malformed JSON and bodies
 * past Jackson's limits are already 400 problems (Quarkus turns them into a 400 WebApplicationException).
 */
public class JsonBodyMismatchMapper {
    private static final int MAX_PATH = 80;

    @ServerExceptionMapper
    public Response toResponse(MismatchedInputException e) {
        String path = e.getPath().stream().map(JsonBodyMismatchMapper::step).collect(Collectors.joining("."));
        String detail = path.isEmpty() ? "The body does not have the expected shape"
                : "The body does not have the expected shape at '" + abbreviate(path) + "'";
        return Response.status(400).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(400, "bad_request", "Bad Request", detail)).build();
    }

    private static String step(JsonMappingException.Reference ref) {
        return ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]";
    }

    /** Field names come from the caller's body: keep the detail short. */
    private static String abbreviate(String path) {
        return path.length() <= MAX_PATH ? path : path.substring(0, MAX_PATH) + "...";
    }
}
