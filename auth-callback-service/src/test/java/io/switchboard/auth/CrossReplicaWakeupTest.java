package io.switchboard.auth;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.auth.service.LoginListeners;
import io.switchboard.auth.store.LuaScripts;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.ThirdPartyStub;
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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Another replica" = a separate Vert.x instance with its own Redis connection that applies the webhook
 * through the store's own Lua script, as the replica receiving the callback would. The waiting poll on
 * this service can only learn about it through Redis pub/sub.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class CrossReplicaWakeupTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    LoginListeners listeners;
    Vertx otherReplica;
    RedisConnection otherConnection;

    @BeforeEach
    void connectOtherReplica() throws Exception {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        otherReplica = Vertx.vertx();
        otherConnection = Redis.createClient(otherReplica, Infra.REDIS).connect()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        otherConnection.close();
        otherReplica.close();
    }

    @Test
    void shouldWakeWaitingPollWhenAnotherReplicaAppliesTheCallback() throws Exception {
        Browser browser = new Browser(base);
        Browser.Login login = browser.start();
        int before = listeners.size();
        CompletableFuture<HttpResponse<String>> waiting = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=25");
        await().atMost(Duration.ofSeconds(10)).until(() -> listeners.size() > before);

        long start = System.nanoTime();
        assertThat(applyOnOtherReplica(login, "scanned")).isEqualTo("ok");
        HttpResponse<String> scanned = waiting.get(20, TimeUnit.SECONDS);
        Log.infof("poll woke %.2f ms after the other replica's script returned", (System.nanoTime() - start) / 1e6);
        assertThat(Browser.read(scanned.body()).path("state").asText()).isEqualTo("scanned");

        waiting = browser.poll(login.loginId(), login.cookie(), "?waitSeconds=25&knownState=scanned");
        await().atMost(Duration.ofSeconds(10)).until(() -> listeners.size() > before);
        assertThat(applyOnOtherReplica(login, "granted")).isEqualTo("ok");
        JsonNode granted = Browser.read(waiting.get(20, TimeUnit.SECONDS).body());
        assertThat(granted.path("state").asText()).isEqualTo("granted");
        assertThat(granted.path("grant").path("user").path("id").asText()).isEqualTo("user-30");
    }

    private String applyOnOtherReplica(Browser.Login login, String event) throws Exception {
        Request eval = Request.cmd(Command.EVAL).arg(LuaScripts.EVENT.text()).arg(5)
                .arg("sb:qr:login:" + login.loginId()).arg("sb:qr:webhook:replica-test-" + System.nanoTime())
                .arg("sb:qr:key:" + login.qrCodeKey()).arg("sb:qr:deadlines").arg("sb:qr:outbox")
                .arg(event).arg(Instant.now().toEpochMilli()).arg("{\"id\":\"user-30\",\"name\":\"Grace\"}")
                .arg("sb:qr:changes").arg(60000).arg(60000).arg(600000)
                .arg(Instant.now().toString()).arg("other-replica").arg("user-30");
        Response r = otherConnection.send(eval).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return r.get(0).toString();
    }
}
