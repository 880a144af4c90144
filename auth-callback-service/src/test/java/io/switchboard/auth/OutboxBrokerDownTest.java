package io.switchboard.auth;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.BrokerDownProfile;
import io.switchboard.auth.support.QrEventsTopic;
import io.switchboard.auth.support.TcpForwarder;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.auth.support.Webhooks;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Ports;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Kafka away (the business log's channel points at a port nobody listens on): grants still reach their browser
 * exactly once, every change's record waits in the outbox, the bound refuses new logins only; then the broker
 * "comes back" on that port and the relay writes every record, in order, and empties the outbox.
 */
@QuarkusTest
@TestProfile(BrokerDownProfile.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class OutboxBrokerDownTest {
    private static final List<String> GRANTED_AND_CONSUMED = List.of("qr.login.created", "qr.login.granted", "qr.login.consumed");

    @TestHTTPResource("/")
    URI base;
    @Inject
    RedisDataSource redis;
    @Inject
    QrConfig config; // the profile's values as the app got them (the profile class may be loaded twice)
    @ConfigProperty(name = "mp.messaging.outgoing.qr-events.bootstrap.servers")
    String kafka;

    @Test
    void shouldHandOutGrantOnceWhileKafkaIsDownAndRelayTheRecordsInOrderWhenItIsBack() throws Exception {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        Browser browser = new Browser(base);
        Webhooks webhooks = new Webhooks(base);

        Browser.Login first = browser.start();
        assertThat(webhooks.send(first.qrCodeKey(), "granted", "user-70").statusCode()).isEqualTo(200);
        assertOneGrant(browser, first, "user-70");
        assertThat(types(outboxOf(first.loginId()))).as("every change recorded with it").isEqualTo(GRANTED_AND_CONSUMED);
        await().atMost(Duration.ofSeconds(20)).until(() -> metric("switchboard_qr_outbox_failed_total") > 0);
        assertThat(outboxOf(first.loginId()).size()).as("a failed send keeps its record").isEqualTo(3);

        assertThat(config.outbox().maxLength()).isEqualTo(BrokerDownProfile.MAX_LENGTH);
        // 3 records wait, the bound is 4: one more login, then new logins are refused; live ones go on recording
        Browser.Login second = browser.start();
        HttpResponse<String> refused = browser.post("/api/qr-logins");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(Browser.problem(refused.body()).path("code").asText()).isEqualTo("business_log_backlog");
        assertThat(refused.headers().firstValue("retry-after").isPresent()).isTrue();
        assertThat(webhooks.send(second.qrCodeKey(), "granted", "user-71").statusCode()).isEqualTo(200);
        assertOneGrant(browser, second, "user-71");
        assertThat(types(outboxOf(second.loginId()))).isEqualTo(GRANTED_AND_CONSUMED);

        try (TcpForwarder broker = new TcpForwarder(Integer.parseInt(kafka.substring(kafka.lastIndexOf(':') + 1)),
                "127.0.0.1", Ports.TEST.kafkaPort());
             QrEventsTopic topic = new QrEventsTopic()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.list(String.class).llen(config.outbox().key()) == 0);
            for (Browser.Login login : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> topic.typesOf(login.loginId()).size() >= 3);
                List<JsonNode> records = topic.valuesOf(login.loginId());
                assertThat(types(records)).as(records.toString()).isEqualTo(GRANTED_AND_CONSUMED);
                for (int i = 0; i < 3; i++) {
                    assertThat(records.get(i).path("seq").asInt()).isEqualTo(i + 1);
                    assertThat(records.get(i).path("id").asText()).isEqualTo(login.loginId() + ":" + (i + 1));
                }
            }
        }
        assertThat(metric("switchboard_qr_outbox_relayed_total") >= 6).isTrue();
    }

    private static void assertOneGrant(Browser browser, Browser.Login login, String userId) {
        List<JsonNode> answers = IntStream.range(0, 3)
                .mapToObj(i -> browser.poll(login.loginId(), login.cookie(), "")).toList().stream()
                .map(CompletableFuture::join).map(r -> {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    return Browser.read(r.body());
                }).toList();
        List<JsonNode> grants = answers.stream().filter(a -> a.has("grant")).toList();
        assertThat(grants.size()).as(answers.toString()).isEqualTo(1);
        assertThat(grants.get(0).path("grant").path("user").path("id").asText()).isEqualTo(userId);
        assertThat(answers.stream().filter(a -> "consumed".equals(a.path("state").asText())).count()).isEqualTo(2);
    }

    private List<JsonNode> outboxOf(String loginId) {
        return redis.list(String.class).lrange(config.outbox().key(), 0, -1).stream().map(Browser::read)
                .filter(r -> loginId.equals(r.path("loginId").asText())).toList();
    }

    private static List<String> types(List<JsonNode> records) {
        return records.stream().map(r -> r.path("type").asText()).toList();
    }

    private double metric(String name) {
        String body = new Browser(base).get("/q/metrics").body();
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
