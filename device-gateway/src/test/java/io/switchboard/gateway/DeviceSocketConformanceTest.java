package io.switchboard.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.switchboard.testsupport.ws.WebSocketConformanceSuite;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * RFC 6455 conformance of the device link ({@code /devices/ws}) with its real services over the test Kafka
 * and Redis. Each connection is a device of its own (a second socket of one device would replace the first).
 * Binary messages are dropped: machines speak JSON-RPC text only.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class DeviceSocketConformanceTest extends WebSocketConformanceSuite {
    @TestHTTPResource("/")
    URI base;
    @ConfigProperty(name = "gateway.max-message-bytes")
    int maxMessageBytes;

    @Override
    protected URI baseUri() {
        return base;
    }

    @Override
    protected String path() {
        return "/devices/ws";
    }

    @Override
    protected Map<String, String> upgradeHeaders() {
        return Map.of("Authorization", "Bearer " + Tokens.of("device", "conf-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public BinaryMessages binaryMessages() {
        return BinaryMessages.IGNORED;
    }
}
