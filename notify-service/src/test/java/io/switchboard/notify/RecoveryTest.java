package io.switchboard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@code since} recovery from the Redis history (test profile: 50 events per channel). */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class RecoveryTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldReplayMissedEventsInOrderAfterAReconnectThenGoLive() {
        String user = Ingest.unique("dana");
        String channel = "user:" + user;
        String token = Tokens.of("customer", user);
        long seen;
        try (Browser first = Browser.connect(connectors.get(), base, token)) {
            first.subscribe(channel);
            post(channel, "m1");
            seen = first.awaitEvents(channel, 1).get(0).get("offset").asLong();
        }
        post(channel, "m2");
        post(channel, "m3");
        post(channel, "m4");
        try (Browser again = Browser.connect(connectors.get(), base, token)) {
            JsonNode result = again.subscribe(channel, seen);
            assertTrue(result.get("recovered").asBoolean());
            assertEquals(seen + 3, result.get("offset").asLong());
            List<JsonNode> replayed = again.awaitEvents(channel, 3);
            assertEquals(List.of("m2", "m3", "m4"), replayed.stream().map(e -> e.get("data").get("text").asText()).toList());
            post(channel, "m5");
            again.awaitEvents(channel, 4);
            assertEquals(List.of(seen + 1, seen + 2, seen + 3, seen + 4), again.offsets(channel));
        }
    }

    @Test
    void shouldAnswerRecoveredFalseWhenTheGapIsBeyondTheHistory() {
        String user = Ingest.unique("erin");
        String channel = "user:" + user;
        for (int i = 1; i <= 55; i++) {
            post(channel, "n" + i);
        }
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            JsonNode result = b.subscribe(channel, 2);
            assertFalse(result.get("recovered").asBoolean(), "offsets 3..5 were trimmed: the client must reload");
            assertEquals(55, result.get("offset").asLong());
            post(channel, "live");
            b.awaitEvents(channel, 1);
            assertEquals(List.of(56L), b.offsets(channel), "nothing replayed, live from the current offset");

            assertTrue(b.subscribe(channel, 56).get("recovered").asBoolean(), "nothing missed");
            assertFalse(b.subscribe(channel, 999).get("recovered").asBoolean(), "an offset from the future cannot be trusted");
        }
    }

    @Test
    void shouldGoLiveWithoutGapOrDuplicateWhileEventsKeepArrivingDuringTheReplay() throws Exception {
        String user = Ingest.unique("finn");
        String channel = "user:" + user;
        for (int i = 1; i <= 10; i++) {
            post(channel, "before" + i);
        }
        CompletableFuture<Void> more = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= 30; i++) {
                post(channel, "during" + i);
            }
        });
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            assertTrue(b.subscribe(channel, 8).get("recovered").asBoolean());
            more.get(60, TimeUnit.SECONDS);
            b.awaitEvents(channel, 32);
            assertEquals(LongStream.rangeClosed(9, 40).boxed().toList(), b.offsets(channel));
        }
    }

    private static void post(String channel, String text) {
        Ingest.post(Ingest.event(Ingest.unique("evt"), channel, "message", Map.of("text", text)));
    }
}
