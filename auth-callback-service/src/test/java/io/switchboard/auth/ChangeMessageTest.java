package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.auth.service.LoginListeners;
import io.switchboard.auth.store.LuaScripts;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.auth.support.Webhooks;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.InfraResource;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change messages on {@code sb:qr:changes} (docs/qr-login.md), heard by a subscriber of the test's own: with
 * tracing off (the test profile) they carry no {@code traceparent}, even for a webhook whose caller sent one; a
 * message that carries one (a traced replica) is read like any other.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class ChangeMessageTest {
    private static final String CALLER_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @TestHTTPResource("/")
    URI base;
    @Inject
    LoginListeners listeners;
    Vertx subscriber;
    RedisConnection subscription;
    RedisConnection commands;
    final List<JsonNode> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void subscribe() throws Exception {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        subscriber = Vertx.vertx();
        subscription = Redis.createClient(subscriber, Infra.REDIS).connect()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        subscription.handler(this::message);
        subscription.send(Request.cmd(Command.SUBSCRIBE).arg("sb:qr:changes"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        commands = Redis.createClient(subscriber, Infra.REDIS).connect()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        subscription.close();
        commands.close();
        subscriber.close();
    }

    @Test
    void shouldPublishChangesWithoutTraceparentWhenTracingIsOff() throws Exception {
        Browser browser = new Browser(base);
        Browser.Login login = browser.start();
        int before = listeners.size();
        CompletableFuture<HttpResponse<String>> waiting = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=25");
        await().atMost(Duration.ofSeconds(10)).until(() -> listeners.size() > before);

        assertThat(webhookWithTraceparent(login.qrCodeKey(), "scanned", null).statusCode()).isEqualTo(200);
        assertThat(Browser.read(waiting.get(20, TimeUnit.SECONDS).body()).path("state").asText()).isEqualTo("scanned");
        waiting = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=25&knownState=scanned");
        await().atMost(Duration.ofSeconds(10)).until(() -> listeners.size() > before);
        assertThat(webhookWithTraceparent(login.qrCodeKey(), "granted", "user-31").statusCode()).isEqualTo(200);
        assertThat(Browser.read(waiting.get(20, TimeUnit.SECONDS).body()).path("grant").path("sessionToken").asText())
                .isNotBlank();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(states(login.loginId()))
                .containsExactly("pending", "scanned", "granted", "consumed"));
        assertThat(of(login.loginId())).allSatisfy(m -> {
            assertThat(m.has("traceparent")).as(m.toString()).isFalse();
            assertThat(m.size()).as(m.toString()).isEqualTo(2);
        });
    }

    @Test
    void shouldWakeTheWaiterOnAChangeThatCarriesATraceparent() throws Exception {
        Browser browser = new Browser(base);
        Browser.Login login = browser.start();
        int before = listeners.size();
        CompletableFuture<HttpResponse<String>> waiting = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=25");
        await().atMost(Duration.ofSeconds(10)).until(() -> listeners.size() > before);

        // a traced replica's event script: the same script with the optional last argument
        Request eval = Request.cmd(Command.EVAL).arg(LuaScripts.EVENT.text()).arg(5)
                .arg("sb:qr:login:" + login.loginId()).arg("sb:qr:webhook:traced-replica-" + System.nanoTime())
                .arg("sb:qr:key:" + login.qrCodeKey()).arg("sb:qr:deadlines").arg("sb:qr:outbox")
                .arg("granted").arg(Instant.now().toEpochMilli()).arg("{\"id\":\"user-32\",\"name\":\"Grace\"}")
                .arg("sb:qr:changes").arg(60000).arg(60000).arg(600000)
                .arg(Instant.now().toString()).arg("traced-replica").arg("user-32").arg(CALLER_TRACEPARENT);
        Response r = commands.send(eval).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r.get(0).toString()).isEqualTo("ok");

        JsonNode granted = Browser.read(waiting.get(20, TimeUnit.SECONDS).body());
        assertThat(granted.path("grant").path("user").path("id").asText()).isEqualTo("user-32");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(of(login.loginId()))
                .anySatisfy(m -> {
                    assertThat(m.path("state").asText()).isEqualTo("granted");
                    assertThat(m.path("traceparent").asText()).isEqualTo(CALLER_TRACEPARENT);
                }));
    }

    /** A signed webhook whose caller sends its own {@code traceparent} header. */
    private HttpResponse<String> webhookWithTraceparent(String qrCodeKey, String event, String userId) {
        String body = Webhooks.body(qrCodeKey, event, userId);
        String id = Webhooks.newId();
        long ts = Instant.now().getEpochSecond();
        return Browser.send(HttpRequest.newBuilder(base.resolve("/api/callbacks/qr-grants"))
                .header("Content-Type", "application/json").header("traceparent", CALLER_TRACEPARENT)
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(ts))
                .header("webhook-signature", Webhooks.sign(Webhooks.NEW_SECRET, id, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /** A pub/sub push: {@code ["message", channel, payload]} (RESP2 multi-bulk or RESP3 push). */
    private void message(Response push) {
        if (push.size() == 3 && "message".equals(push.get(0).toString())) {
            heard.add(Browser.read(push.get(2).toString()));
        }
    }

    private List<JsonNode> of(String loginId) {
        return heard.stream().filter(m -> m.path("loginId").asText().equals(loginId)).toList();
    }

    private List<String> states(String loginId) {
        return of(loginId).stream().map(m -> m.path("state").asText()).toList();
    }
}
