package io.switchboard.bench;

import io.switchboard.bench.proc.Service;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Scenario {@code replicas-fanout} (issue 13, target 5), the fair peer for replicas: each system as two
 * processes on the bench Redis. Switchboard: two notify-service replicas (the ingesting one stores the event
 * in Redis and PUBLISHes it; each replica hands it to its own sockets). Socket.IO: two Node processes with
 * {@code @socket.io/redis-streams-adapter} and connection state recovery (the emitting one XADDs the packet
 * to a Redis stream that both read). N sockets split evenly across the two, events posted to the first.
 * <ol>
 *   <li>Fan-out: single events (time to the last socket, deliveries on the posting and on the other
 *   replica), then a steady rate (deliveries per CPU-second of both processes, and of Redis beside).</li>
 *   <li>Recovery: some sockets drop (closed by the client without goodbye), events are posted while they are
 *   away, and they reconnect, half to the replica they were on and half to the other, resuming as each
 *   system's client does; how many of the missed events came back, and how soon.</li>
 * </ol>
 * {@link ReplicaDriver} drives both alike; {@link ReplicasReport} writes the section.
 */
final class Replicas {
    /** The second replica's ports: free ones beside the bench ports of infra/profiles.env. */
    static final int SECOND_NOTIFY_PORT = Lab.NOTIFY_PORT + 2;
    static final int SECOND_SOCKETIO_PORT = Lab.SOCKETIO_PORT + 1;

    /**
     * Sockets (split across the two replicas), single events, steady seconds, sockets dropped, events missed,
     * and the seconds of a warm-up at the steady rate before the measured phases (not reported).
     */
    record Load(int sockets, int singles, int steadySeconds, int dropped, int missed, int warmUpSeconds) {
        static Load of(boolean quick) {
            return quick ? new Load(200, 5, 5, 40, 10, 3) : new Load(1000, 20, 10, 200, 20, 10);
        }

        /** About 20,000 deliveries a second, at least one event a second. */
        int steadyRate() {
            return Math.max(1, 20_000 / sockets);
        }
    }

    /** A fan-out phase: to the last socket per event, each delivery on the posting / other replica, counts, CPU. */
    record Phase(Histogram toLast, Histogram local, Histogram remote, long expected, long received, double seconds,
                 double serverCpuSeconds, double redisCpuSeconds) {
        double deliveriesPerSecond() {
            return received / seconds;
        }

        double deliveriesPerCpuSecond() {
            return received / serverCpuSeconds;
        }

        double deliveriesPerCpuSecondWithRedis() {
            return received / (serverCpuSeconds + redisCpuSeconds);
        }
    }

    /**
     * The dropped sockets that reconnected to one target ({@code sameReplica} or the other): how many, the
     * missed events each should get, how many distinct ones came (and twice), how many the server said it
     * recovered, and per socket the time from its reconnect to being ready (subscribe answered, or CONNECT
     * acknowledged) and to the last missed event it read.
     */
    record Recovery(boolean sameReplica, int dropped, int reconnected, int missedEach, long expected, long delivered,
                    long duplicates, int toldRecovered, int complete, Histogram reconnectToReady, Histogram reconnectToLast) {
        double recoveredFraction() {
            return expected == 0 ? 0 : (double) delivered / expected;
        }
    }

    /**
     * One system: its sockets, the two fan-out phases, the recovery by target, the missed events' deliveries to
     * the sockets that stayed (live), and one event after the reconnects to every open socket (after).
     */
    record Run(String system, int sockets, int subscribed, Phase single, Phase steady, int steadyRate,
               List<Recovery> recoveries, long liveExpected, long liveReceived, long afterExpected, long afterReceived) {
    }

    record Result(Load load, List<Run> runs) {
    }

    private Replicas() {
    }

    static Result measure(Lab lab) throws Exception {
        Load load = Load.of(lab.quick);
        Lab.Shop shop = lab.newShop();
        String merchant = shop.merchant();
        String service = shop.service();
        String channel = shop.channel();
        List<Run> runs = new ArrayList<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try (RedisInfo redis = new RedisInfo(Lab.REDIS_PORT)) {
            HttpClient http = vertx.createHttpClient();
            WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(30_000)
                    .setConnectTimeout(20_000).setLocalAddress("127.0.0.4"));
            try (Service a = notifyReplica(lab, 1, Lab.NOTIFY_PORT); Service b = notifyReplica(lab, 2, SECOND_NOTIFY_PORT)) {
                runs.add(new ReplicaDriver(List.of(a, b), vertx, http, service, channel, redis)
                        .measure("Switchboard", ReplicaSockets.switchboard(vertx, ws, merchant, channel), load));
            }
            try (Service a = socketIoReplica(lab, 1, Lab.SOCKETIO_PORT); Service b = socketIoReplica(lab, 2, SECOND_SOCKETIO_PORT)) {
                runs.add(new ReplicaDriver(List.of(a, b), vertx, http, service, channel, redis)
                        .measure("Socket.IO", ReplicaSockets.socketIo(vertx, ws, merchant, channel), load));
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return new Result(load, runs);
    }

    /**
     * Replica {@code n} of notify-service, configured as {@link Lab#notifyService()} is (same Kafka, Redis,
     * key and per-user cap), on its own port and log; started here rather than in Lab so that Lab keeps
     * its single fixed port per service.
     */
    private static Service notifyReplica(Lab lab, int n, int port) {
        Map<String, String> env = Map.of("QUARKUS_HTTP_PORT", Integer.toString(port), "KAFKA_BOOTSTRAP_SERVERS", Lab.KAFKA,
                "QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:" + Lab.REDIS_PORT,
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", lab.publicKey.toString(),
                "QUARKUS_LOG_CATEGORY__IO_SWITCHBOARD__LEVEL", "WARN",
                "NOTIFY_ALLOWED_ORIGINS", "http://127.0.0.1:" + port, "NOTIFY_LIMITS_CONNECTIONS_PER_USER", "20000");
        return Service.start("notify-service-" + n, Service.java(Lab.JVM, "quarkus-run.jar", null), lab.appDir("notify-service"),
                env, URI.create("http://127.0.0.1:" + port), "/q/health/ready", lab.logs);
    }

    /** Process {@code n} of the Socket.IO server with the Redis streams adapter and connection state recovery. */
    private static Service socketIoReplica(Lab lab, int n, int port) {
        List<String> cmd = List.of("node", "--expose-gc", lab.root.resolve("benchmarks/socketio/server.js").toString(),
                "--port", Integer.toString(port), "--public-key", lab.publicKey.toString(),
                "--redis", "redis://127.0.0.1:" + Lab.REDIS_PORT);
        return Service.start("socketio-" + n, cmd, Map.of(), URI.create("http://127.0.0.1:" + port), "/stats", lab.logs);
    }
}
