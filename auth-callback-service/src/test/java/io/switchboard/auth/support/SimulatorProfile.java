package io.switchboard.auth.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.switchboard.testsupport.InfraResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/**
 * The built-in simulated third party, as in %dev: the service's credential calls go to its own
 * {@code /sim/third-party} over HTTP, on a port fixed for this run.
 */
public class SimulatorProfile implements QuarkusTestProfile {
    public static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("qr.simulator.enabled", "true",
                "quarkus.http.test-port", Integer.toString(PORT),
                "qr.third-party.url", "http://127.0.0.1:" + PORT + "/sim/third-party");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(InfraResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
