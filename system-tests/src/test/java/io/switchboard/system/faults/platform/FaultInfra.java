package io.switchboard.system.faults.platform;

import io.switchboard.testsupport.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fault profile's own Kafka broker (127.0.0.1:25092) and Redis (127.0.0.1:25379, AOF on), driven
 * through {@code scripts/infra.sh ... fault}: started on empty data once, then killed with SIGKILL and
 * started again on the data they left, as a crashed broker or Redis node comes back.
 */
public final class FaultInfra {
    public static final int KAFKA_PORT = Ports.FAULT.kafkaPort();
    public static final int REDIS_PORT = Ports.FAULT.redisPort();
    public static final String KAFKA = "127.0.0.1:" + KAFKA_PORT;
    public static final String REDIS = "redis://127.0.0.1:" + REDIS_PORT;

    private final Path root;

    FaultInfra(Path root) {
        this.root = root;
    }

    /** Kafka and Redis on empty data (whatever an earlier run left is stopped first), topics created. */
    void startFresh() {
        infra("start");
    }

    /** kill -9 the broker. */
    public void killKafka() {
        infra("kill-kafka");
    }

    /** Starts the broker again on its data; returns once it listens (it may still be electing leaders). */
    public void restartKafka() {
        infra("restart-kafka");
    }

    /** kill -9 Redis. */
    public void killRedis() {
        infra("kill-redis");
    }

    /** Starts Redis again on its append-only file; returns once it listens, data loaded. */
    public void restartRedis() {
        infra("restart-redis");
    }

    /**
     * Redis loses its data, as after a failover to a lagging replica or a restore from an old backup:
     * killed, its AOF and RDB files deleted, started again empty.
     */
    public void restartRedisEmpty() throws IOException {
        killRedis();
        Path data = root.resolve(".run/fault/redis");
        if (Files.exists(data)) {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(data)).forEach(FaultInfra::delete);
            }
        }
        restartRedis();
    }

    void stop() {
        infra("stop");
    }

    public boolean kafkaListening() {
        return listening(KAFKA_PORT);
    }

    public boolean redisListening() {
        return listening(REDIS_PORT);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void infra(String command) {
        try {
            Process p = new ProcessBuilder("bash", root.resolve("scripts/infra.sh").toString(), command, "fault")
                    .directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(".run/fault-infra.log").toFile()))
                    .start();
            if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/infra.sh " + command + " fault failed; see .run/fault-infra.log");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/infra.sh " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + p, e);
        }
    }
}
