package io.switchboard.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.notify.store.ChannelEventsFeed;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server-side catch-up after the fan-out's Redis subscription was lost and came back. The subscription's
 * connection is killed for real (CLIENT KILL ID on the shared Redis, this process' connection only); the
 * test profile keeps it away for seconds (min-backoff 3s), and the events are published in that gap (asserted).
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class CatchUpTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;
    @Inject
    Vertx vertx;
    @Inject
    ChannelEventsFeed events;

    RedisAdmin admin;

    @BeforeEach
    void connect() {
        admin = new RedisAdmin(vertx);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.up());
    }

    @AfterEach
    void disconnect() {
        await().atMost(Duration.ofSeconds(30)).until(() -> events.up());
        admin.close();
    }

    @Test
    void shouldReplayWhatWasPublishedWhileTheFanoutSubscriptionWasDownInOrderWithoutDuplicates() {
        String user = Ingest.unique("gwen");
        String inbox = "user:" + user;
        String board = "board:" + Ingest.unique("b");
        String token = Tokens.of("staff", user, Map.of("boards", List.of(board.substring(6))));
        try (Browser first = Browser.connect(connectors.get(), base, token);
             Browser second = Browser.connect(connectors.get(), base, token)) {
            first.subscribe(inbox);
            first.subscribe(board);
            second.subscribe(inbox);
            post(inbox, "before");
            first.awaitEvents(inbox, 1);
            second.awaitEvents(inbox, 1);

            dropFanout();
            post(inbox, "gap-1");
            post(inbox, "gap-2");
            post(board, "gap-board");
            post(inbox, "gap-3");
            assertFalse(events.up(), "the events must be published while the subscription is down");

            await().atMost(Duration.ofSeconds(10)).until(() -> events.up());
            post(inbox, "after");
            for (Browser b : List.of(first, second)) {
                b.awaitEvents(inbox, 5);
                assertEquals(List.of("before", "gap-1", "gap-2", "gap-3", "after"), texts(b, inbox));
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L), b.offsets(inbox));
                assertNull(b.closeReason(), "caught up on the same socket");
            }
            first.awaitEvents(board, 1);
            assertEquals(List.of("gap-board"), texts(first, board));
            assertTrue(second.events(board).isEmpty());
        }
    }

    @Test
    void shouldCloseWith4002WhenTheHistoryNoLongerCoversWhatTheSocketMissed() {
        String user = Ingest.unique("hank");
        String inbox = "user:" + user;
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            b.subscribe(inbox);
            post(inbox, "seen");
            b.awaitEvents(inbox, 1);

            dropFanout();
            post(inbox, "missed");
            admin.dropHistory(inbox); // offset 2 is gone from history, as trimming would do
            post(inbox, "kept");
            assertFalse(events.up(), "the events must be published while the subscription is down");

            assertEquals(CloseCodes.MISSED_EVENTS, b.awaitClosed().getCode());
            assertEquals(List.of("seen"), texts(b, inbox), "nothing after a gap");
        }
    }

    @Test
    void shouldCloseWith4002WhenTheChannelEpochChangedWhileTheSubscriptionWasDown() {
        String user = Ingest.unique("iris");
        String inbox = "user:" + user;
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            b.subscribe(inbox);
            post(inbox, "old-1");
            post(inbox, "old-2");
            b.awaitEvents(inbox, 2);
            String oldEpoch = b.events(inbox).get(0).get("epoch").asText();

            dropFanout();
            admin.forgetChannel(inbox); // Redis lost the channel: offsets start again, under a new epoch
            String newEpoch = Ingest.post(Ingest.event(Ingest.unique("evt"), inbox, "message", Map.of("text", "new-1")))
                    .get("epoch").asText();
            assertFalse(events.up(), "the event must be published while the subscription is down");
            assertFalse(oldEpoch.equals(newEpoch), "a new counter has a new epoch");

            assertEquals(CloseCodes.MISSED_EVENTS, b.awaitClosed().getCode());
            assertEquals(List.of("old-1", "old-2"), texts(b, inbox));
        }
    }

    private void dropFanout() {
        assertTrue(admin.killFanoutConnection() >= 1, "found this service's pub/sub connection by its client name");
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.up());
    }

    private static List<String> texts(Browser b, String channel) {
        return b.events(channel).stream().map(e -> e.get("data").get("text").asText()).toList();
    }

    private static void post(String channel, String text) {
        Ingest.post(Ingest.event(Ingest.unique("evt"), channel, "message", Map.of("text", text)));
    }
}
