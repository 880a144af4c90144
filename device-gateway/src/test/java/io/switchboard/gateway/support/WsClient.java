package io.switchboard.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw WebSocket client for tests: frames go in a queue, the close code into a future. */
public final class WsClient implements AutoCloseable {
    public final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocketClient client;
    private final WebSocket socket;

    private WsClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(frames::add);
        socket.closeHandler(v -> closeCode.complete(socket.closeStatusCode() == null ? 1006 : (int) socket.closeStatusCode()));
    }

    /** Connects; fails with the upgrade's rejection (e.g. 401) when refused. */
    public static WsClient connect(Vertx vertx, URI uri, String bearer) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(uri.toString());
        if (bearer != null) {
            options.addHeader("Authorization", "Bearer " + bearer);
        }
        WebSocket ws = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new WsClient(client, ws);
    }

    public void send(String text) throws Exception {
        socket.writeTextMessage(text).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Sends one text message as several frames (a fragmented message). */
    public void sendFragmented(String... parts) throws Exception {
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            io.vertx.core.http.WebSocketFrame frame = i == 0
                    ? io.vertx.core.http.WebSocketFrame.textFrame(parts[i], last)
                    : io.vertx.core.http.WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer(parts[i]), last);
            socket.writeFrame(frame).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    public String next() throws InterruptedException {
        String frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return frame;
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
        client.close();
    }
}
