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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Scenario 3, notification fan-out: N browser sockets subscribed to one shop channel; events posted to
 * {@code POST /api/events}; each delivery timed from just before its POST to the frame read by the load
 * generator. First single events (one at a time, a second apart: the time to the last socket), then a
 * steady rate (deliveries per second, and per second of the server's CPU). Switchboard's notify-service
 * and a Socket.IO server ({@code io.to(channel).emit}) by the same load generator ({@link FanOutDriver}), and the
 * JVM floor ({@code floor.FanOutFloorServer}: the least any Vert.x server here spends per delivery).
 * {@link FanOutReport} writes the section.
 */
final class FanOut {
    /** The JVM floor's name in the report: plain Vert.x, one prebuilt frame written to every socket. */
    static final String FLOOR = "JVM floor (plain Vert.x)";
    /**
     * The socket counts, the single events at each, and how long the steady rate runs; before them, at each count,
     * the warm-up: the steady rate in windows of {@code warmupWindow} s, at least {@code warmupSeconds}, then until the
     * server's CPU per delivery has settled (the last three windows within 5% of their mean, as in the commands
     * scenario) and a JVM's compiler threads take under 5% of its CPU ({@link CommandDriver#compiled}), at most
     * {@code warmupMaxSeconds}. Without it the first count measured the JIT: C2's compiler threads
     * took 39% of notify-service's CPU in the 1k steady phase of a run without warm-up.
     */
    record Load(List<Integer> sockets, int singles, int steadySeconds, int warmupSeconds, int warmupMaxSeconds, int warmupWindow) {
        static Load of(boolean quick) {
            return quick ? new Load(List.of(1000), 5, 5, 5, 15, 5) : new Load(List.of(1000, 10_000), 20, 10, 15, 150, 5);
        }
    }

    /** The warm-up at one socket count: how long it ran, whether it settled, the CPU µs per delivery of each window. */
    record WarmUp(double seconds, boolean settled, List<Double> cpuMicrosPerDelivery) {
    }

    /** One system at one socket count. */
    record Run(String system, int sockets, int subscribed, WarmUp warmUp, Phase single, Phase steady, int steadyRate) {
    }

    /** Deliveries of a phase: per delivery, to the last socket of each event, counts and the server's CPU. */
    record Phase(Histogram delivery, Histogram toLast, long expected, long received, double seconds, double serverCpuSeconds,
                 double serverSystemSeconds, Map<String, Double> cpuSecondsByThreadKind) {
        /** The kernel's share of the server's CPU in this phase (0 to 1). */
        double systemShare() {
            return serverCpuSeconds == 0 ? 0 : serverSystemSeconds / serverCpuSeconds;
        }

        /** Server CPU per delivery in microseconds. */
        double cpuMicrosPerDelivery() {
            return received == 0 ? 0 : serverCpuSeconds * 1e6 / received;
        }

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
            try (Service floor = lab.fanOutFloor()) {
                FanOutDriver driver = new FanOutDriver(floor, vertx, http, service, channel);
                Subscriber subscriber = switchboard(vertx, ws, floor, merchant, channel);
                for (int n : load.sockets()) {
                    runs.add(driver.measure(FLOOR, subscriber, n, load));
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
