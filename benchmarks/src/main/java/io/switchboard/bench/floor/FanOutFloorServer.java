package io.switchboard.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.VoidChannelPromise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JVM floor of the fan-out scenario: the least a Vert.x 4 server on this machine can spend per delivery. It
 * speaks just enough of notify-service's browser link for the same load generator: any text frame on
 * {@code /notifications/ws} subscribes the socket (answered {@code {"jsonrpc":"2.0","id":1,"result":{}}}), and
 * {@code POST /api/events} wraps the body into one {@code event} notification, built once, which each event loop
 * writes to its own sockets in one task (as notify's fan-out does). The frame's bytes (header and UTF-8 payload)
 * are encoded once per event and each socket's Netty channel is written a retained duplicate with a reusable void
 * promise (as notify's {@code PrebuiltTextFrame} does), not a Vert.x frame per socket. No token check, no store, no broker, no
 * cursor, no metrics: what it costs per delivery is the WebSocket write itself, Vert.x and Netty plus the kernel's
 * TCP work, so no server on the JVM here does less. {@code GET /stats} answers 200 (readiness).
 * <p>
 * {@code java -cp benchmarks/target/benchmarks-all.jar io.switchboard.bench.floor.FanOutFloorServer --port 38097}
 */
public final class FanOutFloorServer {
    private static final System.Logger LOG = System.getLogger(FanOutFloorServer.class.getName());
    private static final String SUBSCRIBED = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}";

    private FanOutFloorServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(FloorSession.arg(args, "--port", "38097"));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        Sockets sockets = new Sockets();
        vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("0.0.0.0")
                        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false))
                .requestHandler(request -> {
                    switch (request.path()) {
                        case "/stats" -> request.response().end("{\"sockets\":" + sockets.size() + "}");
                        case "/notifications/ws" -> request.toWebSocket().onSuccess(ws -> sockets.open(ws,
                                ((ConnectionBase) request.connection()).channel(), ((ContextInternal) Vertx.currentContext()).nettyEventLoop()));
                        case "/api/events" -> request.body().onSuccess(body -> {
                            sockets.publish("{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":" + body + "}");
                            request.response().setStatusCode(202).end();
                        });
                        default -> request.response().setStatusCode(404).end();
                    }
                })
                .listen()
                .onSuccess(s -> LOG.log(System.Logger.Level.INFO, "fan-out floor server on {0}", Integer.toString(s.actualPort())))
                .onFailure(t -> {
                    LOG.log(System.Logger.Level.ERROR, "fan-out floor server did not start", t);
                    System.exit(1);
                });
    }

    /** One subscribed socket: its channel and the void promise its writes reuse. */
    private record Socket(Channel channel, ChannelPromise promise) {
    }

    /** The subscribed sockets of each event loop, written by that loop only. */
    private static final class Sockets {
        private final Map<EventLoop, List<Socket>> byLoop = new ConcurrentHashMap<>();

        void open(ServerWebSocket ws, Channel channel, EventLoop loop) {
            Socket socket = new Socket(channel, new VoidChannelPromise(channel, false));
            ws.exceptionHandler(t -> { });
            ws.textMessageHandler(text -> {
                byLoop.computeIfAbsent(loop, k -> new ArrayList<>()).add(socket);
                ws.writeTextMessage(SUBSCRIBED);
            });
            ws.closeHandler(v -> byLoop.getOrDefault(loop, new ArrayList<>()).remove(socket));
        }

        void publish(String text) {
            ByteBuf frame = encode(text);
            byLoop.forEach((loop, list) -> {
                frame.retain();
                loop.execute(() -> {
                    for (int i = 0; i < list.size(); i++) {
                        list.get(i).channel().writeAndFlush(frame.retainedDuplicate(), list.get(i).promise());
                    }
                    frame.release();
                });
            });
            frame.release();
        }

        /** A final, unmasked text frame (RFC 6455 5.2). */
        private static ByteBuf encode(String text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(payload.length + 10).writeByte(0x81);
            if (payload.length < 126) {
                buf.writeByte(payload.length);
            } else if (payload.length <= 0xFFFF) {
                buf.writeByte(126).writeShort(payload.length);
            } else {
                buf.writeByte(127).writeLong(payload.length);
            }
            return buf.writeBytes(payload);
        }

        int size() {
            return byLoop.values().stream().mapToInt(List::size).sum();
        }
    }
}
