package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.notify.support.RedisOutageProfile;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** While Redis cannot be reached, sockets per user cannot be counted: the upgrade lets them in (fail open) and says so. */
@QuarkusTest
@TestProfile(RedisOutageProfile.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ConnectionCapOutageTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;
    @Inject
    MeterRegistry registry;

    @Test
    void shouldLetASocketInUncountedWhileRedisIsUnreachable() {
        double before = failOpen();
        RedisOutageProfile.cut();
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", Ingest.unique("outage")))) {
            assertThat(b.call("ping", null).path("result").asText()).isEqualTo("pong");
            assertThat(failOpen() > before).as("counted as let in uncounted").isTrue();
        } finally {
            RedisOutageProfile.restore();
        }
    }

    private double failOpen() {
        return registry.counter("switchboard.socket.limits", "endpoint", "notifications", "limit", "connections_per_user",
                "outcome", "fail_open").count();
    }
}
