package io.switchboard.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.domain.QrEvent;
import io.switchboard.auth.store.LuaScripts;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.OwnOutboxProfile;
import io.switchboard.auth.support.QrEventsTopic;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.auth.support.Webhooks;
import io.switchboard.testsupport.InfraResource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The relay over the real broker: every change reaches Kafka once acknowledged, and leaves the outbox. */
@QuarkusTest
@TestProfile(OwnOutboxProfile.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class OutboxRelayTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    RedisDataSource redis;
    @Inject
    QrConfig config;
    @Inject
    ObjectMapper json;

    @Test
    void shouldRelayEveryChangeToKafkaInOrderAndEmptyTheOutbox() {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        Browser browser = new Browser(base);
        Webhooks webhooks = new Webhooks(base);
        Browser.Login login = browser.start();
        assertEquals(200, webhooks.send(login.qrCodeKey(), "scanned", "user-80").statusCode());
        assertEquals(200, webhooks.send(login.qrCodeKey(), "granted", "user-80").statusCode());
        assertTrue(Browser.read(browser.pollNow(login).body()).has("grant"));

        try (QrEventsTopic topic = new QrEventsTopic()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> topic.typesOf(login.loginId()).size() >= 4);
            List<JsonNode> records = topic.valuesOf(login.loginId());
            assertEquals(List.of("qr.login.created", "qr.login.scanned", "qr.login.granted", "qr.login.consumed"),
                    records.stream().map(r -> r.path("type").asText()).toList());
            assertEquals(List.of("", "pending", "scanned", "granted"),
                    records.stream().map(r -> r.path("previousState").asText()).toList());
            assertEquals(List.of("", "user-80", "user-80", "user-80"),
                    records.stream().map(r -> r.path("userId").asText()).toList());
            Set<String> ids = records.stream().map(r -> r.path("id").asText()).collect(Collectors.toSet());
            assertEquals(4, ids.size(), "a unique id per record, for consumers to drop a redelivery");
            assertFalse(records.get(0).path("instance").asText().isEmpty());
            QrEvent consumed = json.convertValue(records.get(3), QrEvent.class); // the wire type reads it
            assertEquals(LoginState.CONSUMED, consumed.state());
            assertEquals(LoginState.GRANTED, consumed.previousState());
            assertEquals(4L, consumed.seq());
            assertEquals(login.loginId() + ":4", consumed.id());
            assertTrue(consumed.at().isAfter(Instant.now().minusSeconds(120)));
        }
        assertTrue(config.outbox().key().startsWith("sb:qr:outbox:test-"), "this run's own outbox");
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.list(String.class).llen(config.outbox().key()) == 0);
        assertEquals(0, redis.key().exists(config.outbox().key() + ":relay") ? 1 : 0, "an idle relay holds no lease");
    }

    @Test
    void shouldLetOnlyTheLeaseHolderRemoveRecords() {
        String outbox = "sb:qr:outbox:lease-test-" + UUID.randomUUID();
        String lease = outbox + ":relay";
        redis.list(String.class).rpush(outbox, "r1", "r2", "r3");

        Response a = eval(LuaScripts.OUTBOX_CLAIM, outbox, lease, "relay-a", "10000", "2");
        assertEquals(List.of("3", "0", "r1", "r2"), strings(a));
        Response b = eval(LuaScripts.OUTBOX_CLAIM, outbox, lease, "relay-b", "10000", "2");
        assertEquals(3, b.get(0).toLong());
        assertTrue(b.get(1).toLong() > 0, "relay-b is told how long relay-a holds the lease");
        assertEquals(2, b.size(), "and gets no records");

        assertEquals(-1, eval(LuaScripts.OUTBOX_ACK, outbox, lease, "relay-b", "2", "10000").toLong());
        assertEquals(3, redis.list(String.class).llen(outbox), "a relay without the lease removes nothing");
        assertEquals(1, eval(LuaScripts.OUTBOX_ACK, outbox, lease, "relay-a", "2", "10000").toLong());
        assertEquals(List.of("r3"), redis.list(String.class).lrange(outbox, 0, -1));
        assertEquals(List.of("1", "0", "r3"), strings(eval(LuaScripts.OUTBOX_CLAIM, outbox, lease, "relay-a", "10000", "2")));
        assertEquals(0, eval(LuaScripts.OUTBOX_ACK, outbox, lease, "relay-a", "1", "10000").toLong());
        assertFalse(redis.key().exists(lease), "the lease is given back with the last record");
        assertEquals(List.of("0", "0"), strings(eval(LuaScripts.OUTBOX_CLAIM, outbox, lease, "relay-b", "10000", "2")));
        assertFalse(redis.key().exists(lease), "an empty outbox is not claimed");
    }

    private Response eval(LuaScripts script, String outbox, String lease, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = script.text();
        all[1] = "2";
        all[2] = outbox;
        all[3] = lease;
        System.arraycopy(args, 0, all, 4, args.length);
        return redis.execute("EVAL", all);
    }

    private static List<String> strings(Response r) {
        List<String> out = new java.util.ArrayList<>();
        r.forEach(item -> out.add(item.toString()));
        return out;
    }
}
