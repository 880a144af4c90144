package io.switchboard.auth;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(webhooks.send(login.qrCodeKey(), "scanned", "user-80").statusCode()).isEqualTo(200);
        assertThat(webhooks.send(login.qrCodeKey(), "granted", "user-80").statusCode()).isEqualTo(200);
        assertThat(Browser.read(browser.pollNow(login).body()).has("grant")).isTrue();

        try (QrEventsTopic topic = new QrEventsTopic()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> topic.typesOf(login.loginId()).size() >= 4);
            List<JsonNode> records = topic.valuesOf(login.loginId());
            assertThat(records.stream().map(r -> r.path("type").asText()).toList())
                    .isEqualTo(List.of("qr.login.created", "qr.login.scanned", "qr.login.granted", "qr.login.consumed"));
            assertThat(records.stream().map(r -> r.path("previousState").asText()).toList())
                    .isEqualTo(List.of("", "pending", "scanned", "granted"));
            assertThat(records.stream().map(r -> r.path("userId").asText()).toList())
                    .isEqualTo(List.of("", "user-80", "user-80", "user-80"));
            Set<String> ids = records.stream().map(r -> r.path("id").asText()).collect(Collectors.toSet());
            assertThat(ids.size()).as("a unique id per record, for consumers to drop a redelivery").isEqualTo(4);
            assertThat(records.get(0).path("instance").asText().isEmpty()).isFalse();
            QrEvent consumed = json.convertValue(records.get(3), QrEvent.class); // the wire type reads it
            assertThat(consumed.state()).isEqualTo(LoginState.CONSUMED);
            assertThat(consumed.previousState()).isEqualTo(LoginState.GRANTED);
            assertThat(consumed.seq()).isEqualTo(4L);
            assertThat(consumed.id()).isEqualTo(login.loginId() + ":4");
            assertThat(consumed.at().isAfter(Instant.now().minusSeconds(120))).isTrue();
        }
        assertThat(config.outbox().key().startsWith("sb:qr:outbox:test-")).as("this run's own outbox").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.list(String.class).llen(config.outbox().key()) == 0);
        assertThat(redis.key().exists(config.outbox().key() + ":relay") ? 1 : 0).as("an idle relay holds no lease").isEqualTo(0);
    }

    @Test
    void shouldLetOnlyTheLeaseHolderRemoveRecords() {
        String outbox = "sb:qr:outbox:lease-test-" + UUID.randomUUID();
        String lease = outbox + ":relay";
        redis.list(String.class).rpush(outbox, "r1", "r2", "r3");

        Response a = eval(LuaScripts.OUTBOX_CLAIM, outbox, lease, "relay-a", "10000", "2");
        assertThat(strings(a)).isEqualTo(List.of("3", "0", "r1", "r2"));
        Response b = eval(LuaScripts.OUTBOX_CLAIM, outbox, lease, "relay-b", "10000", "2");
        assertThat(b.get(0).toLong()).isEqualTo(3);
        assertThat(b.get(1).toLong() > 0).as("relay-b is told how long relay-a holds the lease").isTrue();
        assertThat(b.size()).as("and gets no records").isEqualTo(2);

        assertThat(eval(LuaScripts.OUTBOX_ACK, outbox, lease, "relay-b", "2", "10000").toLong()).isEqualTo(-1);
        assertThat(redis.list(String.class).llen(outbox)).as("a relay without the lease removes nothing").isEqualTo(3);
        assertThat(eval(LuaScripts.OUTBOX_ACK, outbox, lease, "relay-a", "2", "10000").toLong()).isEqualTo(1);
        assertThat(redis.list(String.class).lrange(outbox, 0, -1)).isEqualTo(List.of("r3"));
        assertThat(strings(eval(LuaScripts.OUTBOX_CLAIM, outbox, lease, "relay-a", "10000", "2")))
                .isEqualTo(List.of("1", "0", "r3"));
        assertThat(eval(LuaScripts.OUTBOX_ACK, outbox, lease, "relay-a", "1", "10000").toLong()).isEqualTo(0);
        assertThat(redis.key().exists(lease)).as("the lease is given back with the last record").isFalse();
        assertThat(strings(eval(LuaScripts.OUTBOX_CLAIM, outbox, lease, "relay-b", "10000", "2"))).isEqualTo(List.of("0", "0"));
        assertThat(redis.key().exists(lease)).as("an empty outbox is not claimed").isFalse();
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
