package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code message} events on user:{id} reach every socket of that user and nobody else. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class PrivateMessageTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldDeliverAPrivateMessageToEverySocketOfItsUserOnly() {
        String alice = Ingest.unique("alice");
        String bob = Ingest.unique("bob");
        try (Browser phone = Browser.connect(connectors.get(), base, Tokens.of("customer", alice));
             Browser laptop = Browser.connectWithSubprotocol(connectors.get(), base, Tokens.of("customer", alice));
             Browser other = Browser.connect(connectors.get(), base, Tokens.of("staff", bob))) {
            phone.subscribe("user:" + alice);
            laptop.subscribe("user:" + alice);
            other.subscribe("user:" + bob);

            String id = Ingest.unique("msg");
            Ingest.post(Ingest.event(id, "user:" + alice, "message", Map.of("from", "support", "text", "your parcel left")));
            String marker = Ingest.unique("msg");
            Ingest.post(Ingest.event(marker, "user:" + bob, "message", Map.of("text", "hi bob")));

            phone.awaitEvent("user:" + alice, id);
            laptop.awaitEvent("user:" + alice, id);
            other.awaitEvent("user:" + bob, marker);
            assertThat(other.events("user:" + alice).isEmpty()).as("bob must not see alice's message").isTrue();
            assertThat(phone.events("user:" + bob).isEmpty()).isTrue();
            assertThat(phone.events("user:" + alice).get(0).get("data").get("text").asText()).isEqualTo("your parcel left");
        }
    }

    @Test
    void shouldRefuseSubscribingToAnotherUsersChannel() {
        try (Browser bob = Browser.connect(connectors.get(), base, Tokens.of("customer", Ingest.unique("bob")))) {
            var answer = bob.call("subscribe", Map.of("channel", "user:" + Ingest.unique("alice")));
            assertThat(answer.get("error").get("code").asInt()).isEqualTo(JsonRpcErrors.FORBIDDEN);
        }
    }
}
