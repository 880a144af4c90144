package io.switchboard.system.faults.platform;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The machines' way in, as the ingress in front of the gateways is: a TCP proxy on one port that hands
 * each new connection to the next gateway in turn, skipping one that refuses the connection (killed).
 * When a gateway dies its proxied connections are cut, so its machines reconnect, and land on a live one.
 */
public final class DeviceIngress implements AutoCloseable {
    private final List<ServiceNode> gateways;
    private final NetClient client;
    private final NetServer server;
    private final AtomicInteger next = new AtomicInteger();
    public final int port;

    DeviceIngress(Vertx vertx, int port, List<ServiceNode> gateways) {
        this.port = port;
        this.gateways = gateways;
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(1000));
        this.server = vertx.createNetServer().connectHandler(this::accept);
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    public String url() {
        return "ws://127.0.0.1:" + port + "/devices/ws";
    }

    private void accept(NetSocket front) {
        front.pause();
        connect(front, next.getAndIncrement(), 0);
    }

    private void connect(NetSocket front, int index, int tried) {
        if (tried >= gateways.size()) {
            front.close();
            return;
        }
        ServiceNode gateway = gateways.get(Math.floorMod(index, gateways.size()));
        client.connect(gateway.port, "127.0.0.1").onComplete(ar -> {
            if (ar.failed()) {
                connect(front, index + 1, tried + 1);
                return;
            }
            NetSocket back = ar.result();
            front.closeHandler(v -> back.close());
            back.closeHandler(v -> front.close());
            front.pipeTo(back);
            back.pipeTo(front);
        });
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}
