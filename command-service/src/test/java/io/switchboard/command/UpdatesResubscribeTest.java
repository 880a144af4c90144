package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.CommandStatus;
import io.switchboard.command.service.Waiters;
import io.switchboard.command.store.CommandStore;
import io.switchboard.command.store.CommandUpdatesFeed;
import io.switchboard.common.redis.RedisSubscriptionsReadiness;
import io.switchboard.testsupport.InfraResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/**
 * The update subscription after Redis drops it: readiness and the gauge {@code switchboard_redis_subscription_up}
 * (deploy/monitoring alerts on it) say so while it is missing, and a command that
 * ended meanwhile (its update published into the void) still completes its waiter once it is back.
 * The drop is real: Redis itself kills this process' pub/sub connection ({@code CLIENT KILL}).
 */
@QuarkusTest
@TestProfile(UpdatesResubscribeTest.SlowResubscribe.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class UpdatesResubscribeTest {
    static final String CLIENT_NAME = "command-resubscribe-test";
    static final String UP_GAUGE = "switchboard_redis_subscription_up{subscription=\"command updates\"}";

    /** Names this process' Redis connections, and waits 5 s before subscribing again, so the gap is visible. */
    public static class SlowResubscribe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.client-name", CLIENT_NAME, "quarkus.redis.configure-client-name", "true",
                    "switchboard.redis.subscriptions.min-backoff", "5s", "switchboard.redis.subscriptions.max-backoff", "5s");
        }
    }

    @Inject
    Waiters waiters;
    @Inject
    CommandUpdatesFeed updates;
    @Inject
    CommandStore store;
    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    io.switchboard.command.config.CommandConfig config;
    @Inject
    @Readiness
    RedisSubscriptionsReadiness readiness;

    @Test
    void shouldCompleteAWaiterWhoseCommandEndedWhileTheSubscriptionWasDown() {
        String id = "cmd_resub_" + UUID.randomUUID();
        Instant now = Instant.now();
        store.create(new CommandRecord(id, "dev-r", "dispense", null, "accepted", null, null, null, 30000, now,
                now.plusSeconds(30), now, null), config.instanceId()).await().atMost(Duration.ofSeconds(5));
        AtomicReference<CommandRecord> outcome = new AtomicReference<>();
        waiters.await(id, Duration.ofSeconds(30)).subscribe().with(outcome::set);

        int killed = killPubSubConnections();
        assertThat(killed).as("pub/sub connections of this process killed").isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !updates.up());
        HealthCheckResponse ready = readiness.call();
        assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(ready.getData().orElseThrow().get("command updates").toString()).startsWith("down: connection ended");
        given().get("/q/metrics").then().statusCode(200).body(containsString(UP_GAUGE + " 0.0"));

        store.transition(id, CommandStatus.SUCCEEDED, "dev-r", "result", "{\"ok\":true}").await().atMost(Duration.ofSeconds(5));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(updates::up);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(outcome.get())
                .as("the waiter completed from the re-read, not by its 30 s timeout").isNotNull());
        assertThat(outcome.get().status()).isEqualTo("succeeded");
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString(UP_GAUGE + " 1.0"));
    }

    /** Kills, from Redis' side, every pub/sub connection this process holds. */
    private int killPubSubConnections() {
        String list = redis.execute("CLIENT", "LIST", "TYPE", "pubsub").await().atMost(Duration.ofSeconds(5)).toString();
        int killed = 0;
        for (String line : list.split("\n")) {
            if (line.contains(" name=" + CLIENT_NAME + " ")) {
                String clientId = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                killed += redis.execute("CLIENT", "KILL", "ID", clientId).onFailure().recoverWithItem((io.vertx.mutiny.redis.client.Response) null)
                        .map(r -> r == null ? 0 : r.toInteger()).await().atMost(Duration.ofSeconds(5));
            }
        }
        return killed;
    }
}
