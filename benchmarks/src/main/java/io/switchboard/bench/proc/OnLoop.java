package io.switchboard.bench.proc;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Starts a Vert.x client call on an event loop. A call chained from a plain thread races the answer:
 * {@code request} then {@code send} then {@code body} can miss a fast server's response, which ended
 * before the plain thread asked for the body, and a WebSocket connect can miss the server's first frame,
 * sent before the plain thread set the message handler. Such a call never completes. Seen against the
 * Socket.IO server: about 3% of 3,000 requests at 500/s, every one answered by the server, and now and
 * then a handshake. On an event loop the whole chain is in place before anything is read.
 */
public final class OnLoop {
    private OnLoop() {
    }

    /** Runs {@code action} (a call on a client of {@code vertx}) on an event loop of {@code vertx}. */
    public static <T> Future<T> call(Vertx vertx, Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }
}
