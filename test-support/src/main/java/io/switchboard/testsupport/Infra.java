package io.switchboard.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real Kafka broker and Redis server of the test profile ({@link Ports#TEST}: Kafka 127.0.0.1:29092,
 * Redis 127.0.0.1:26379). {@link #ensureStarted()} runs {@code scripts/infra.sh start test} when they are not
 * listening yet, so a single module's tests also run from an IDE or a plain {@code mvnw test}.
 */
public final class Infra {
    public static final String KAFKA = Ports.TEST.kafka();
    public static final String REDIS = Ports.TEST.redis();

    private Infra() {
    }

    public static synchronized void ensureStarted() {
        if (listening(Ports.TEST.kafkaPort()) && listening(Ports.TEST.redisPort())) {
            return;
        }
        Path root = projectRoot();
        try {
            Process p = new ProcessBuilder("bash", root.resolve("scripts/infra.sh").toString(), "start", "test")
                    .directory(root.toFile()).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/infra.sh start test failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test infrastructure", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The checkout's root: the nearest folder upwards that holds {@code scripts/infra.sh}. */
    public static Path projectRoot() {
        return ProjectRoot.find();
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
