package io.switchboard.common.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.switchboard.common.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every service's HTTP body limit ({@code quarkus.http.limits.max-body-size}), answered as problem+json:
 * 413 {@code body_too_large}, {@code Connection: close}, and the connection is closed once the answer is
 * out, so the rest of the body is never read. Quarkus enforces the same key itself but answers with an
 * empty 413; this route runs just before its check. A declared {@code Content-Length} over the limit is
 * refused before any byte of the body is read; a chunked body is read up to the limit and refused at
 * the first chunk past it, otherwise handed to the REST layer as read ({@link BufferedBody}).
 */
@ApplicationScoped
public class BodyLimit {
    /** Just before Quarkus' own check ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}, -2). */
    static final int ROUTE_ORDER = -3;

    private final long limit;
    private final ObjectMapper json;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit,
              ObjectMapper json) {
        this.limit = limit.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::handle);
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (declared(length) > limit) {
                refuse(context, "declares " + length.trim() + " bytes");
                return;
            }
            context.next();
            return;
        }
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (encoding == null || !encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            context.next();
            return;
        }
        readBounded(context, request);
    }

    private static long declared(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // not ours to judge: the HTTP codec answers a malformed length
        }
    }

    private void readBounded(RoutingContext context, HttpServerRequest request) {
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > limit) {
                refused[0] = true;
                request.pause();
                refuse(context, "chunked, past " + limit + " bytes");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                BufferedBody.put(context, body);
                context.next();
            }
        });
        request.exceptionHandler(e -> Log.debugf("[http] chunked body of %s %s failed: %s", request.method(), request.path(), e));
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
    }

    private void refuse(RoutingContext context, String what) {
        HttpServerRequest request = context.request();
        Log.debugf("[http] %s %s: body %s, over the limit of %d bytes: 413", request.method(), request.path(), what, limit);
        Problem problem = Problem.of(413, "body_too_large", "Content Too Large",
                "The request body exceeds the limit of " + limit + " bytes").with(Map.of("limit", limit));
        String text;
        try {
            text = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            text = "{\"status\":413,\"code\":\"body_too_large\"}";
        }
        var response = context.response();
        if (response.headWritten()) {
            request.connection().close();
            return;
        }
        response.setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> request.connection().close())
                .end(text);
    }
}
