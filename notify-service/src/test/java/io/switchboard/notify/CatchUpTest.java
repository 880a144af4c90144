package io.switchboard.notify;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.notify.store.ChannelEventsFeed;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.notify.support.RedisAdmin;
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
            assertThat(events.up()).as("the events must be published while the subscription is down").isFalse();

            await().atMost(Duration.ofSeconds(10)).until(() -> events.up());
            post(inbox, "after");
            for (Browser b : List.of(first, second)) {
                b.awaitEvents(inbox, 5);
                assertThat(texts(b, inbox)).isEqualTo(List.of("before", "gap-1", "gap-2", "gap-3", "after"));
                assertThat(b.offsets(inbox)).isEqualTo(List.of(1L, 2L, 3L, 4L, 5L));
                assertThat(b.closeReason()).as("caught up on the same socket").isNull();
            }
            first.awaitEvents(board, 1);
            assertThat(texts(first, board)).isEqualTo(List.of("gap-board"));
            assertThat(second.events(board).isEmpty()).isTrue();
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
            assertThat(events.up()).as("the events must be published while the subscription is down").isFalse();

            assertThat(b.awaitClosed().getCode()).isEqualTo(CloseCodes.MISSED_EVENTS);
            assertThat(texts(b, inbox)).as("nothing after a gap").isEqualTo(List.of("seen"));
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
            assertThat(events.up()).as("the event must be published while the subscription is down").isFalse();
            assertThat(oldEpoch.equals(newEpoch)).as("a new counter has a new epoch").isFalse();

            assertThat(b.awaitClosed().getCode()).isEqualTo(CloseCodes.MISSED_EVENTS);
            assertThat(texts(b, inbox)).isEqualTo(List.of("old-1", "old-2"));
        }
    }

    private void dropFanout() {
        assertThat(admin.killFanoutConnection() >= 1).as("found this service's pub/sub connection by its client name").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.up());
    }

    private static List<String> texts(Browser b, String channel) {
        return b.events(channel).stream().map(e -> e.get("data").get("text").asText()).toList();
    }

    private static void post(String channel, String text) {
        Ingest.post(Ingest.event(Ingest.unique("evt"), channel, "message", Map.of("text", text)));
    }
}
