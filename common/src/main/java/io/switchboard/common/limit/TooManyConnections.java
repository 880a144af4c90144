package io.switchboard.common.limit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.problem.Problem;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * Refuses a WebSocket upgrade with 429 problem+json {@code too_many_connections} and {@code Retry-After}.
 * websockets-next's {@code CheckResult.rejectUpgrade} can set a status and headers but no body, so a
 * websockets-next check writes the whole response itself ({@link #refuse}) and answers with a {@code CheckResult}
 * that never comes: the request is over, and nothing else may write to it (a rejected result would set the status
 * of an ended response). A plain Vert.x upgrade handler (the device link) only writes it ({@link #write}).
 */
public final class TooManyConnections {
    public static final int STATUS = 429;
    public static final String CODE = "too_many_connections";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TooManyConnections() {
    }

    /** Writes the refusal and returns the Uni to hand back from {@code HttpUpgradeCheck.perform}. */
    public static <T> Uni<T> refuse(HttpServerResponse response, long retryAfterSeconds, String detail) {
        write(response, retryAfterSeconds, detail);
        return Uni.createFrom().nothing();
    }

    /** Writes the refusal (unless the response already ended). */
    public static void write(HttpServerResponse response, long retryAfterSeconds, String detail) {
        Problem problem = Problem.of(STATUS, CODE, "Too many connections", detail)
                .with(Map.of("retryAfterSeconds", retryAfterSeconds));
        String body;
        try {
            body = JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":429,\"code\":\"" + CODE + "\"}";
        }
        if (!response.ended()) {
            response.setStatusCode(STATUS)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)))
                    .end(body);
        }
    }
}
