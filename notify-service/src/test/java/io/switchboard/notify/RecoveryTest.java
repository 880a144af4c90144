package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.notify.support.RedisAdmin;
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
            assertThat(result.get("recovered").asBoolean()).isTrue();
            assertThat(result.get("offset").asLong()).isEqualTo(seen + 3);
            List<JsonNode> replayed = again.awaitEvents(channel, 3);
            assertThat(replayed.stream().map(e -> e.get("data").get("text").asText()).toList())
                    .isEqualTo(List.of("m2", "m3", "m4"));
            post(channel, "m5");
            again.awaitEvents(channel, 4);
            assertThat(again.offsets(channel)).isEqualTo(List.of(seen + 1, seen + 2, seen + 3, seen + 4));
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
            assertThat(result.get("recovered").asBoolean()).as("offsets 3..5 were trimmed: the client must reload").isFalse();
            assertThat(result.get("offset").asLong()).isEqualTo(55);
            post(channel, "live");
            b.awaitEvents(channel, 1);
            assertThat(b.offsets(channel)).as("nothing replayed, live from the current offset").isEqualTo(List.of(56L));

            assertThat(b.subscribe(channel, 56).get("recovered").asBoolean()).as("nothing missed").isTrue();
            assertThat(b.subscribe(channel, 999).get("recovered").asBoolean())
                    .as("an offset from the future cannot be trusted").isFalse();
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
            assertThat(b.subscribe(channel, 8).get("recovered").asBoolean()).isTrue();
            more.get(60, TimeUnit.SECONDS);
            b.awaitEvents(channel, 32);
            assertThat(b.offsets(channel)).isEqualTo(LongStream.rangeClosed(9, 40).boxed().toList());
        }
    }

    @Test
    void shouldCarryTheChannelEpochAndRecoverOnlyWithinIt() {
        String user = Ingest.unique("gus");
        String channel = "user:" + user;
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            JsonNode empty = b.subscribe(channel);
            assertThat(empty.get("offset").asLong()).isEqualTo(0);
            assertThat(empty.get("epoch").isNull()).as("a channel without events has no epoch yet").isTrue();
            post(channel, "one");
            post(channel, "two");
            String epoch = b.awaitEvents(channel, 2).get(0).get("epoch").asText();
            assertThat(epoch.isEmpty()).isFalse();
            assertThat(b.events(channel).get(1).get("epoch").asText()).as("one epoch per channel life").isEqualTo(epoch);

            JsonNode same = b.subscribe(channel, 1, epoch);
            assertThat(same.get("recovered").asBoolean()).isTrue();
            assertThat(same.get("epoch").asText()).isEqualTo(epoch);
            assertThat(same.get("offset").asLong()).isEqualTo(2);

            JsonNode other = b.subscribe(channel, 1, "1700000000000000-feedbeef");
            assertThat(other.get("recovered").asBoolean()).as("an offset of another epoch means nothing here").isFalse();
            assertThat(other.get("epoch").asText()).isEqualTo(epoch);
            assertThat(other.get("offset").asLong()).isEqualTo(2);

            assertThat(b.subscribe(channel, 3, epoch).get("recovered").asBoolean())
                    .as("since beyond the channel's offset").isFalse();
            assertThat(b.subscribe(channel, 3).get("recovered").asBoolean()).as("also without an epoch (old clients)").isFalse();
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
            assertThat(result.get("recovered").asBoolean())
                    .as("offset 2 of the old epoch is not offset 2 of the new one").isFalse();
            assertThat(result.get("offset").asLong()).isEqualTo(3);
            assertThat(oldEpoch.equals(result.get("epoch").asText())).isFalse();
            post(channel, "live");
            b.awaitEvents(channel, 1);
            assertThat(b.offsets(channel)).as("nothing replayed, live from the current offset").isEqualTo(List.of(4L));
        }
    }

    private static void post(String channel, String text) {
        Ingest.post(Ingest.event(Ingest.unique("evt"), channel, "message", Map.of("text", text)));
    }
}
