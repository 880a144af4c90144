package io.switchboard.common.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Hands a body that {@link BodyLimit} already read (a chunked one, checked against the limit) to the REST
 * layer, which would otherwise find the request ended and see an empty body.
 */
public class BufferedBody {
    private static final String KEY = "io.switchboard.buffered-body";

    static void put(RoutingContext context, Buffer body) {
        context.put(KEY, body);
    }

    @ServerRequestFilter(preMatching = true)
    public void restore(ContainerRequestContext request, RoutingContext context) {
        Buffer body = context.get(KEY);
        if (body != null) {
            request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
        }
    }
}
