package io.switchboard.auth.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

/**
 * The business log's Kafka channel points at {@link #KAFKA_PORT}, where nothing listens until a test puts a
 * {@link TcpForwarder} to the real broker there: Kafka is "down", then "back". The outbox is this run's own
 * ({@link #OUTBOX}, at most {@link #MAX_LENGTH} records), so other processes' relays on the shared Redis never
 * touch it; sends and retries are short. Tests read these values back from the app's config: the profile class
 * may be loaded by more than one class loader, each with its own port and key.
 */
public class BrokerDownProfile implements QuarkusTestProfile {
    public static final int KAFKA_PORT = freePort();
    public static final String OUTBOX = "sb:qr:outbox:test-" + UUID.randomUUID();
    public static final int MAX_LENGTH = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("mp.messaging.outgoing.qr-events.bootstrap.servers", "127.0.0.1:" + KAFKA_PORT,
                "mp.messaging.outgoing.qr-events.max.block.ms", "1000",
                "mp.messaging.outgoing.qr-events.request.timeout.ms", "1000",
                "mp.messaging.outgoing.qr-events.delivery.timeout.ms", "2000",
                "qr.outbox.key", OUTBOX,
                "qr.outbox.max-length", Integer.toString(MAX_LENGTH),
                "qr.outbox.send-timeout", "5s",
                "qr.outbox.retry-max", "500ms");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
