package io.switchboard.command.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * command-service whose command producer points at a local port nothing listens on: the broker is
 * unreachable for sends (metadata never arrives), while the reply consumer and Redis are the real ones.
 */
public class BrokerUnreachableProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("mp.messaging.outgoing.device-commands.bootstrap.servers", "127.0.0.1:" + unusedPort());
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
