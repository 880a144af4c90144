package io.switchboard.bench;

import io.switchboard.bench.proc.OnLoop;
import io.switchboard.bench.proc.Service;
import io.switchboard.bench.sio.SocketIoClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Scenario 3, notification fan-out: N browser sockets subscribed to one shop channel; events posted to
 * {@code POST /api/events}; each delivery timed from just before its POST to the frame read by the load
 * generator. First single events (one at a time, a second apart: the time to the last socket), then a
 * steady rate (deliveries per second, and per second of the server's CPU). Switchboard's notify-service
 * and a Socket.IO server ({@code io.to(channel).emit}) by the same load generator ({@link FanOutDriver}).
 * {@link FanOutReport} writes the section.
 */
final class FanOut {
    /** The socket counts, the single events at each, and how long the steady rate runs. */
    record Load(List<Integer> sockets, int singles, int steadySeconds) {
        static Load of(boolean quick) {
            return quick ? new Load(List.of(1000), 5, 5) : new Load(List.of(1000, 10_000), 20, 10);
        }
    }

    /** One system at one socket count. */
    record Run(String system, int sockets, int subscribed, Phase single, Phase steady, int steadyRate) {
    }

    /** Deliveries of a phase: per delivery, to the last socket of each event, counts and the server's CPU. */
    record Phase(Histogram delivery, Histogram toLast, long expected, long received, double seconds, double serverCpuSeconds) {
        double deliveriesPerSecond() {
            return received / seconds;
        }

        double deliveriesPerCpuSecond() {
            return received / serverCpuSeconds;
        }
    }

    /** The figures: each system at each socket count, in the order measured (Switchboard first). */
    record Result(List<Run> runs) {
    }

    /** Opens one subscribed socket whose event frames go to the sink (frame text or payload); answers its closer. */
    interface Subscriber {
        Future<Runnable> open(Consumer<String> sink);
    }

    private FanOut() {
    }

    static Result measure(Lab lab) throws Exception {
        Load load = Load.of(lab.quick);
        Lab.Shop shop = lab.newShop();
        String merchant = shop.merchant();
        String service = shop.service();
        String channel = shop.channel();
        List<Run> runs = new ArrayList<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            HttpClient http = vertx.createHttpClient();
            WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(30_000)
                    .setConnectTimeout(20_000).setLocalAddress("127.0.0.4"));
            try (Service notify = lab.notifyService()) {
                FanOutDriver driver = new FanOutDriver(notify, vertx, http, service, channel);
                Subscriber subscriber = switchboard(vertx, ws, notify, merchant, channel);
                for (int n : load.sockets()) {
                    runs.add(driver.measure("Switchboard", subscriber, n, load));
                }
            }
            try (Service sio = lab.socketIo()) {
                FanOutDriver driver = new FanOutDriver(sio, vertx, http, service, channel);
                Subscriber subscriber = socketIo(vertx, ws, sio, merchant, channel);
                for (int n : load.sockets()) {
                    runs.add(driver.measure("Socket.IO", subscriber, n, load));
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return new Result(runs);
    }

    /** A browser socket on notify-service's {@code /notifications/ws}, subscribed with JSON-RPC. */
    private static Subscriber switchboard(Vertx vertx, WebSocketClient ws, Service notify, String token, String channel) {
        String subscribe = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"" + channel + "\"}}";
        return sink -> OnLoop.call(vertx, () -> ws.connect(new WebSocketConnectOptions()
                .setAbsoluteURI(notify.ws("/notifications/ws").toString())
                .addHeader("Authorization", "Bearer " + token)).compose(socket -> {
                    Promise<Runnable> subscribed = Promise.promise();
                    socket.exceptionHandler(t -> { });
                    socket.textMessageHandler(text -> {
                        if (text.contains("\"method\":\"event\"")) {
                            sink.accept(text);
                        } else if (text.contains("\"result\"")) {
                            subscribed.tryComplete(() -> socket.close());
                        } else {
                            subscribed.tryFail(text);
                        }
                    });
                    socket.writeTextMessage(subscribe);
                    return subscribed.future();
                }));
    }

    /** A Socket.IO client that emits {@code subscribe} with an acknowledgement. */
    private static Subscriber socketIo(Vertx vertx, WebSocketClient ws, Service sio, String token, String channel) {
        return sink -> SocketIoClient.connect(vertx, ws, new WebSocketConnectOptions().setAbsoluteURI(sio.ws(SocketIoClient.PATH).toString()), token)
                .compose(c -> {
                    c.onEvent((name, payload) -> sink.accept(payload));
                    return c.emitWithAck("subscribe", "\"" + channel + "\"").<Runnable>map(ack -> {
                        if (ack.contains("error")) {
                            throw new IllegalStateException(ack);
                        }
                        return c::close;
                    });
                });
    }
}
