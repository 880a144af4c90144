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
    @Inject
    io.vertx.mutiny.core.Vertx vertx;

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

    @Test
    void shouldCarryTheChannelEpochAndRecoverOnlyWithinIt() {
        String user = Ingest.unique("gus");
        String channel = "user:" + user;
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            JsonNode empty = b.subscribe(channel);
            assertEquals(0, empty.get("offset").asLong());
            assertTrue(empty.get("epoch").isNull(), "a channel without events has no epoch yet");
            post(channel, "one");
            post(channel, "two");
            String epoch = b.awaitEvents(channel, 2).get(0).get("epoch").asText();
            assertFalse(epoch.isEmpty());
            assertEquals(epoch, b.events(channel).get(1).get("epoch").asText(), "one epoch per channel life");

            JsonNode same = b.subscribe(channel, 1, epoch);
            assertTrue(same.get("recovered").asBoolean());
            assertEquals(epoch, same.get("epoch").asText());
            assertEquals(2, same.get("offset").asLong());

            JsonNode other = b.subscribe(channel, 1, "1700000000000000-feedbeef");
            assertFalse(other.get("recovered").asBoolean(), "an offset of another epoch means nothing here");
            assertEquals(epoch, other.get("epoch").asText());
            assertEquals(2, other.get("offset").asLong());

            assertFalse(b.subscribe(channel, 3, epoch).get("recovered").asBoolean(), "since beyond the channel's offset");
            assertFalse(b.subscribe(channel, 3).get("recovered").asBoolean(), "also without an epoch (old clients)");
        }
    }

    @Test
    void shouldAnswerRecoveredFalseAfterRedisLostTheChannelEvenWhenTheOffsetsCaughtUpAgain() {
        String user = Ingest.unique("hal");
        String channel = "user:" + user;
        post(channel, "a");
        post(channel, "b");
        String oldEpoch;
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            oldEpoch = b.subscribe(channel).get("epoch").asText();
        }
        try (RedisAdmin admin = new RedisAdmin(vertx)) {
            admin.forgetChannel(channel);
        }
        post(channel, "c");
        post(channel, "d");
        post(channel, "e");
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            JsonNode result = b.subscribe(channel, 2, oldEpoch);
            assertFalse(result.get("recovered").asBoolean(), "offset 2 of the old epoch is not offset 2 of the new one");
            assertEquals(3, result.get("offset").asLong());
            assertFalse(oldEpoch.equals(result.get("epoch").asText()));
            post(channel, "live");
            b.awaitEvents(channel, 1);
            assertEquals(List.of(4L), b.offsets(channel), "nothing replayed, live from the current offset");
        }
    }

    private static void post(String channel, String text) {
        Ingest.post(Ingest.event(Ingest.unique("evt"), channel, "message", Map.of("text", text)));
    }
}
