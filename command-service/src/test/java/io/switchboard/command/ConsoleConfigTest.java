package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

/**
 * The device console learns where notify-service's socket is from {@code GET /console/config}
 * ({@code commands.console.notify-url}; the test profile sets it), before it has a token, and loads the browser client
 * from this service.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ConsoleConfigTest {
    @Test
    void shouldTellTheConsoleTheNotificationSocketWithoutAToken() {
        given().get("/console/config").then().statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", containsString("no-store"))
                .body("notifyUrl", equalTo("ws://127.0.0.1:8084/notifications/ws"));
    }

    @Test
    void shouldServeTheConsoleAndTheBrowserClientItImports() {
        given().get("/console.html").then().statusCode(200)
                .body(containsString("/console/config"), containsString("from '/js/switchboard-client.js'"),
                        containsString("'ops:devices'"), containsString("'ops:jobs'"));
        given().get("/js/switchboard-client.js").then().statusCode(200).body(containsString("class SwitchboardClient"));
    }
}
