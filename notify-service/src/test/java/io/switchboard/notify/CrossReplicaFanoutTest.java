package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.redis.LuaScript;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fan-out across replicas. One test JVM runs one replica, so "the other replica" is played by a separate
 * Redis connection running the same ingest script (lua/append.lua) a second process would run: it
 * stores the event and PUBLISHes it on sb:notify:events, and this replica must deliver it to its own
 * subscriber, once, even when the same event id is ingested here as well.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class CrossReplicaFanoutTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;
    @Inject
    Vertx vertx;

    Redis otherReplica;

    @BeforeEach
    void connectOtherReplica() {
        otherReplica = Redis.createClient(vertx, Infra.REDIS);
    }

    @AfterEach
    void closeOtherReplica() {
        otherReplica.close();
    }

    @Test
    void shouldDeliverAnEventIngestedByAnotherReplicaToTheLocalSubscriberExactlyOnce() {
        String user = Ingest.unique("alice");
        String channel = "user:" + user;
        try (Browser alice = Browser.connect(connectors.get(), base, Tokens.of("customer", user));
             Browser bystander = Browser.connect(connectors.get(), base, Tokens.of("customer", Ingest.unique("bob")))) {
            alice.subscribe(channel);
            bystander.subscribe("user:" + Ingest.unique("nobody-sends-here"));
            String eventId = Ingest.unique("evt");
            Map<String, Object> event = Ingest.event(eventId, channel, "message", Map.of("text", "hello from replica B"));

            Response stored = appendOnOtherReplica(event);
            assertThat(stored.get(0).toInteger()).as("the other replica stores it first").isEqualTo(1);
            alice.awaitEvent(channel, eventId);

            // the same event also reaches this replica (a Kafka redelivery, or a second ingest path)
            JsonNode again = Ingest.post(event);
            assertThat(again.get("duplicate").asBoolean()).isTrue();
            assertThat(again.get("offset").asLong()).isEqualTo(stored.get(1).toLong());

            String marker = Ingest.unique("evt");
            Ingest.post(Ingest.event(marker, channel, "message", Map.of("text", "next")));
            alice.awaitEvent(channel, marker);
            assertThat(alice.eventIds(channel)).isEqualTo(List.of(eventId, marker));
            assertThat(bystander.events(channel).isEmpty()).as("only the channel's subscribers receive it").isTrue();
        }
    }

    @Test
    void shouldNotDeliverTwiceWhenTheSameStoredEventIsPublishedAgain() {
        String user = Ingest.unique("carol");
        String channel = "user:" + user;
        try (Browser carol = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            carol.subscribe(channel);
            String eventId = Ingest.unique("evt");
            appendOnOtherReplica(Ingest.event(eventId, channel, "message", Map.of("text", "once")));
            carol.awaitEvent(channel, eventId);

            String storedJson = send(Request.cmd(Command.XRANGE).arg("sb:notify:history:" + channel).arg("-").arg("+"))
                    .get(0).get(1).get(1).toString();
            send(Request.cmd(Command.PUBLISH).arg("sb:notify:events").arg(storedJson));

            String marker = Ingest.unique("evt");
            Ingest.post(Ingest.event(marker, channel, "message", Map.of("text", "after")));
            carol.awaitEvent(channel, marker);
            assertThat(carol.eventIds(channel)).isEqualTo(List.of(eventId, marker));
        }
    }

    @Test
    void shouldDeliverATracedEventOfAnotherReplicaWithoutItsTraceAndPublishItsOwnWithout() {
        String user = Ingest.unique("dave");
        String channel = "user:" + user;
        List<String> published = new CopyOnWriteArrayList<>();
        Redis listener = Redis.createClient(vertx, Infra.REDIS);
        RedisConnection sub = listener.connect().await().atMost(Duration.ofSeconds(10));
        sub.handler(m -> {
            if (m.size() == 3 && "message".equals(m.get(0).toString())) { // a pub/sub message: kind, channel, text
                published.add(m.get(2).toString());
            }
        });
        sub.send(Request.cmd(Command.SUBSCRIBE).arg("sb:notify:events")).await().atMost(Duration.ofSeconds(10));
        try (Browser dave = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            dave.subscribe(channel);
            String traced = Ingest.unique("evt");
            String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            appendOnOtherReplica(Ingest.event(traced, channel, "message", Map.of("text", "traced")), traceparent);
            dave.awaitEvent(channel, traced);
            assertThat(dave.events(channel).get(0).toString()).as("the trace stays inside the platform")
                    .doesNotContain("traceparent").doesNotContain("4bf92f35");

            String local = Ingest.unique("evt"); // ingested here, tracing off
            Ingest.post(Ingest.event(local, channel, "message", Map.of("text", "untraced")));
            dave.awaitEvent(channel, local);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> published.stream().anyMatch(m -> m.contains(local)));
            assertThat(published).filteredOn(m -> m.contains(traced)).singleElement().asString()
                    .startsWith(traceparent + " {");
            assertThat(published).filteredOn(m -> m.contains(local)).singleElement().asString()
                    .as("tracing off: the stored event alone").startsWith("{");
        } finally {
            sub.close();
            listener.close();
        }
    }

    private Response appendOnOtherReplica(Map<String, Object> event) {
        return appendOnOtherReplica(event, "");
    }

    private Response appendOnOtherReplica(Map<String, Object> event, String traceparent) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(event);
        body.put("time", Instant.now().toString());
        String channel = (String) event.get("channel");
        return send(Request.cmd(Command.EVAL).arg(LuaScript.load("lua/append.lua").text()).arg(4).arg("sb:notify:seen:" + event.get("id"))
                .arg("sb:notify:offset:" + channel).arg("sb:notify:history:" + channel).arg("sb:notify:epoch:" + channel)
                .arg(Ingest.json(body)).arg(86_400_000).arg(50).arg(86_400_000).arg("sb:notify:events").arg("0ther5eplica")
                .arg(traceparent));
    }

    private Response send(Request request) {
        return otherReplica.send(request).await().atMost(Duration.ofSeconds(10));
    }
}
