package io.switchboard.notify;

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
 * RFC 6455 conformance of the browser link ({@code /notifications/ws}) with its real services over the test
 * Kafka and Redis: a merchant's token and an allowed Origin, as a browser on the shop's page would send.
 * Binary messages are closed with 1008: the browser link is JSON-RPC text only.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class NotificationSocketConformanceTest extends WebSocketConformanceSuite {
    @TestHTTPResource("/")
    URI base;
    @ConfigProperty(name = "notify.socket.max-message-bytes")
    int maxMessageBytes;

    @Override
    protected URI baseUri() {
        return base;
    }

    @Override
    protected String path() {
        return "/notifications/ws";
    }

    @Override
    protected Map<String, String> upgradeHeaders() {
        return Map.of("Authorization", "Bearer " + Tokens.of("merchant", "m-" + UUID.randomUUID().toString().substring(0, 8), Map.of("shop", "conformance")),
                "Origin", "https://shop.example");
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public BinaryMessages binaryMessages() {
        return BinaryMessages.CLOSE_1008;
    }
}
