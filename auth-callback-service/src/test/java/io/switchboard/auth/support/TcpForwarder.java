package io.switchboard.auth.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;

/** Forwards a local port to another: a broker that "comes back" on the port its clients were given. */
public final class TcpForwarder implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();

    public TcpForwarder(int port, String targetHost, int targetPort) throws Exception {
        NetServer server = vertx.createNetServer().connectHandler(in -> {
            in.pause();
            vertx.createNetClient().connect(targetPort, targetHost).onSuccess(out -> pipe(in, out))
                    .onFailure(t -> in.close());
        });
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void pipe(NetSocket in, NetSocket out) {
        in.pipeTo(out);
        out.pipeTo(in);
        in.resume();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
