package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.auth.support.Webhooks;
import io.switchboard.testsupport.InfraResource;
import java.net.URI;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class OperationsTest {
    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldBeReadyWithRedisAndTheChangeFeedAndShowTheOutboxButNotDependOnKafka() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'redis subscriptions' }.data.'qr changes'", equalTo("up"))
                .body(containsString("Redis"))
                .body(containsString("qr-outbox"))
                .body(not(containsString("Kafka connection health check")));
    }

    @Test
    void shouldExposeWaiterWebhookAndGrantLatencyMetrics() {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        Browser browser = new Browser(base);
        Browser.Login login = browser.start();
        new Webhooks(base).send(login.qrCodeKey(), "granted", "user-50");
        browser.pollNow(login);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_qr_waiters{kind=\"poll\"}"))
                .body(containsString("switchboard_qr_outbox_depth"))
                .body(containsString("switchboard_qr_outbox_relayed_total"))
                .body(containsString("switchboard_qr_webhooks_total{outcome=\"applied\"}"))
                .body(containsString("switchboard_qr_grant_latency_seconds_count"))
                .body(containsString("switchboard_qr_logins_total{state=\"consumed\"}"));
    }

    @Test
    void shouldDescribeTheApiInOpenApi() {
        given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/qr-logins/{loginId}"))
                .body(containsString("/api/callbacks/qr-grants"));
    }

    @Test
    void shouldServeTheDemoLoginPage() {
        given().when().get("/").then().statusCode(200)
                .body(containsString("/qr-logins/"))
                .body(containsString("waitSeconds=25"));
    }

    @Test
    void shouldNotServeTheSimulatedThirdParty() {
        given().contentType("application/json").body("{\"busNo\":\"x\"}")
                .when().post("/sim/third-party/qr-credentials").then().statusCode(404);
        given().when().get("/sim/third-party/phone?qrCodeKey=x").then().statusCode(404);
        given().contentType("application/x-www-form-urlencoded").formParam("qrCodeKey", "x").formParam("action", "approve")
                .when().post("/sim/third-party/phone").then().statusCode(404);
    }
}
