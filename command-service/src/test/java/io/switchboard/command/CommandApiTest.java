package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static io.switchboard.testsupport.ContractSchemas.validAgainst;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** The HTTP edge of command-service: validation, authentication, and errors as problem+json (valid against contract/schemas/problem.json). */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class CommandApiTest {
    private static final String OPERATOR = Tokens.of("operator", "op-1");

    @Test
    void shouldReturn401ProblemWithoutAToken() {
        given().body("{\"method\":\"dispense\"}").post("/api/devices/k1/commands")
                .then().statusCode(401).body(validAgainst("problem.json")).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void shouldReturn401ProblemForATokenSignedByAnotherKey() {
        given().auth().oauth2(Tokens.forged("operator", "mallory")).body("{\"method\":\"dispense\"}")
                .post("/api/devices/k1/commands").then().statusCode(401).body(validAgainst("problem.json")).body("code", equalTo("unauthorized"));
    }

    @Test
    void shouldReturn403ProblemForAnotherRole() {
        given().auth().oauth2(Tokens.of("merchant", "m1")).body("{\"method\":\"dispense\"}")
                .post("/api/devices/k1/commands").then().statusCode(403).body(validAgainst("problem.json")).body("code", equalTo("forbidden"));
    }

    @Test
    void shouldReturn400ForABodyThatIsNotJson() {
        given().auth().oauth2(OPERATOR).body("{method:").post("/api/devices/k1/commands")
                .then().statusCode(400).body(validAgainst("problem.json")).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("invalid_command"));
    }

    @Test
    void shouldReturn400ForATimeoutOutOfRange() {
        given().auth().oauth2(OPERATOR).body("{\"method\":\"dispense\",\"timeoutMs\":99}").post("/api/devices/k1/commands")
                .then().statusCode(400).body(validAgainst("problem.json")).body("detail", containsString("100 to 300000"));
        given().auth().oauth2(OPERATOR).body("{\"method\":\"dispense\",\"timeoutMs\":300001}").post("/api/devices/k1/commands")
                .then().statusCode(400).body(validAgainst("problem.json"));
    }

    @Test
    void shouldReturn400ForParamsThatAreNotAnObjectOrAReservedMethod() {
        given().auth().oauth2(OPERATOR).body("{\"method\":\"dispense\",\"params\":[1]}").post("/api/devices/k1/commands")
                .then().statusCode(400).body(validAgainst("problem.json"));
        given().auth().oauth2(OPERATOR).body("{\"method\":\"ping\"}").post("/api/devices/k1/commands")
                .then().statusCode(400).body(validAgainst("problem.json"));
        given().auth().oauth2(OPERATOR).body("{\"method\":\"dispense\",\"colour\":\"red\"}").post("/api/devices/k1/commands")
                .then().statusCode(400).body(validAgainst("problem.json")).body("detail", containsString("colour"));
    }

    @Test
    void shouldReturn409DeviceOfflineWhenNoGatewayHoldsTheDevice() {
        given().auth().oauth2(Tokens.of("service", "orders")).body("{\"method\":\"dispense\"}")
                .post("/api/devices/nobody-here/commands")
                .then().statusCode(409).body(validAgainst("problem.json")).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("device_offline")).body("status", equalTo(409));
    }

    @Test
    void shouldReturn404ForAnUnknownCommandAndAnOfflineDevice() {
        given().auth().oauth2(OPERATOR).get("/api/commands/cmd_unknown").then().statusCode(404).body(validAgainst("problem.json"))
                .body("code", equalTo("command_not_found"));
        given().auth().oauth2(OPERATOR).get("/api/devices/nobody-here").then().statusCode(404).body(validAgainst("problem.json"))
                .body("code", equalTo("device_offline"));
    }

    @Test
    void shouldReturn400ForAWaitOutOfRange() {
        given().auth().oauth2(OPERATOR).get("/api/commands/cmd_x?waitMs=600000").then().statusCode(400).body(validAgainst("problem.json"))
                .body("code", equalTo("invalid_wait"));
    }

    @Test
    void shouldServeHealthMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("switchboard_commands_waiting"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/devices/{deviceId}/commands"));
    }
}
