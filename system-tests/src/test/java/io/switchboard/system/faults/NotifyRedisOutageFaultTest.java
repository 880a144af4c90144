package io.switchboard.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.system.faults.platform.FaultPlatform;
import io.switchboard.system.faults.platform.KafkaTopics;
import io.switchboard.system.faults.platform.NotifySubscriber;
import io.switchboard.system.faults.platform.Outage;
import io.switchboard.system.faults.platform.ServiceNode;
import io.switchboard.system.faults.platform.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Notifications through a 10 s Redis outage: events produced on Kafka while Redis is away are all
 * delivered after it to sockets that stayed connected (live, or after a 4002 close and a resubscribe
 * with {@code since}), in order, none dead-lettered. And the epoch: after Redis lost its data, a
 * subscribe with the old {@code since} and {@code epoch} answers {@code recovered: false}.
 */
@Tag("faults")
@Order(5)
class NotifyRedisOutageFaultTest {
    private static final String FAULT = "Redis down 10 s (notify)";
    private static FaultPlatform platform;
    private final List<NotifySubscriber> sockets = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        platform = FaultPlatform.get();
    }

    @AfterEach
    void heal() throws Exception {
        sockets.forEach(NotifySubscriber::close);
        platform.heal();
    }

    @Test
    void shouldDeliverEveryEventProducedDuringA10sRedisOutageInOrderAndDeadLetterNone() throws Exception {
        String shop = FaultPlatform.id("outage-shop");
        NotifySubscriber first = track(platform.subscriber(0, shop, false));
        NotifySubscriber second = track(platform.subscriber(1, shop, false));
        List<String> produced = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            produced.add(produce(shop, i));
        }
        Waits.until("events before the outage delivered", Duration.ofSeconds(10),
                () -> first.ids().containsAll(produced) && second.ids().containsAll(produced));

        platform.infra.killRedis();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<String>> duringOutage = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = 3 + i;
            long at = i * 900L; // spread over the outage
            duringOutage.add(CompletableFuture.supplyAsync(() -> produce(shop, n),
                    r -> pacer.schedule(r, at, TimeUnit.MILLISECONDS)));
        }
        Outage.hold(Duration.ofSeconds(10));
        duringOutage.forEach(f -> produced.add(f.join()));
        pacer.shutdown();
        platform.infra.restartRedis();
        long back = System.nanoTime();

        for (NotifySubscriber s : List.of(first, second)) {
            try {
                Waits.until("all " + produced.size() + " events on " + s.channel(), Duration.ofSeconds(30),
                        () -> s.ids().containsAll(produced));
            } catch (ConditionTimeoutException e) {
                List<String> missing = produced.stream().filter(id -> !s.ids().contains(id)).toList();
                throw new AssertionError("missing on a socket that stayed connected: " + missing + "; closes " + s.closes()
                        + "; dead-lettered: " + deadLettered(produced), e);
            }
            platform.recoveries.record(FAULT, "all outage events on a connected socket (ms after Redis is back)",
                    (System.nanoTime() - back) / 1_000_000);
            assertThat(s.ids()).as("in order, each once").containsExactlyElementsOf(produced);
            assertThat(s.closes()).as("a socket is closed only with 4002 (missed events)").allMatch(c -> c == 4002);
            assertThat(s.resets()).as("resubscribes that could not recover").isZero();
        }
        assertThat(deadLettered(produced)).as("valid events on notify.events.dlq").isEmpty();
    }

    private static List<String> deadLettered(List<String> ids) {
        return KafkaTopics.readAll("notify.events.dlq", Duration.ofSeconds(20)).stream()
                .map(r -> r.value()).filter(v -> ids.stream().anyMatch(v::contains)).toList();
    }

    @Test
    void shouldAnswerRecoveredFalseForAnOldSinceAfterRedisLostItsData() throws Exception {
        String shop = FaultPlatform.id("epoch-shop");
        NotifySubscriber before = track(platform.subscriber(0, shop, false));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(produce(shop, i));
        }
        Waits.until("events delivered", Duration.ofSeconds(10), () -> before.ids().containsAll(ids));
        long since = before.lastOffset();
        String epoch = before.epoch();
        before.close();

        platform.infra.restartRedisEmpty();
        for (ServiceNode n : platform.notifyServices) {
            n.awaitReady(Duration.ofSeconds(30));
        }
        // more events than before: the new offsets pass the old `since`, so only the epoch tells them apart
        NotifySubscriber probe = track(platform.subscriber(1, shop, false));
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            after.add(produce(shop, 10 + i));
        }
        Waits.until("new events ingested", Duration.ofSeconds(15), () -> probe.ids().containsAll(after));
        assertThat(probe.lastOffset()).as("offsets after the loss passed the old since").isGreaterThan(since);
        NotifySubscriber resumed = track(platform.subscriber(1, shop, false, since, epoch));
        JsonNode answer = resumed.subscribeAnswers().get(0);
        assertThat(answer.path("recovered").asBoolean(true)).as("subscribe since %d epoch %s after the loss: %s",
                since, epoch, answer).isFalse();
        assertThat(epoch).as("epoch from before the loss").isNotNull();
        assertThat(answer.path("epoch").asText()).as("a new epoch").isNotEqualTo(epoch);
    }

    private NotifySubscriber track(NotifySubscriber s) {
        sockets.add(s);
        return s;
    }

    private String produce(String shop, int n) {
        String id = shop + "-evt-" + n;
        platform.kafka.produceEvent(id, "shop:" + shop, "order.placed", "{\"orderId\":\"" + id + "\"}").join();
        return id;
    }
}
