package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.store.CommandStore;
import io.switchboard.command.support.Devices;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/commands/{id}}: the submitter reads its command, role {@code service} reads any, anyone
 * else is answered 404 {@code command_not_found} exactly as for an unknown id; every read is counted.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class CommandReadPolicyTest {
    @Inject
    RedisDataSource redis;
    @Inject
    CommandStore store;

    private static Response get(String token, String path) {
        return given().auth().oauth2(token).get(path).then().extract().response();
    }

    private static double reads(String outcome) {
        String line = given().get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith("switchboard_commands_reads_total{") && l.contains("outcome=\"" + outcome + "\""))
                .findFirst().orElse("x 0");
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private String submit(String token) {
        Response accepted = given().auth().oauth2(token).contentType("application/json").header("Prefer", "respond-async")
                .body("{\"method\":\"dispense\",\"timeoutMs\":5000}").post("/api/devices/" + Devices.online(redis) + "/commands")
                .then().statusCode(202).extract().response();
        return accepted.header("Location");
    }

    @Test
    void shouldLetTheSubmitterAndServicesReadACommandAndAnswer404ToOtherOperators() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = Tokens.of("operator", "alice-" + run);
        String bob = Tokens.of("operator", "bob-" + run);
        String service = Tokens.of("service", "orders-" + run);
        double own = reads("own");
        double asService = reads("service");
        double denied = reads("denied");

        String location = submit(alice);
        assertThat(get(alice, location).statusCode()).isEqualTo(200);
        assertThat(get(service, location).statusCode()).isEqualTo(200);
        Response other = get(bob, location);
        Response unknown = get(bob, "/api/commands/cmd_" + UUID.randomUUID().toString().replace("-", ""));

        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.jsonPath().getString("code")).isEqualTo("command_not_found");
        assertThat(other.jsonPath().getString("title")).isEqualTo(unknown.jsonPath().getString("title"));
        assertThat(other.asString()).doesNotContain("alice");
        assertThat(reads("own")).isEqualTo(own + 1);
        assertThat(reads("service")).isEqualTo(asService + 1);
        assertThat(reads("denied")).isEqualTo(denied + 1);
    }

    @Test
    void shouldAnswer404AtOnceToAnotherOperatorsWait() {
        String location = submit(Tokens.of("operator", "carol-" + UUID.randomUUID()));
        long started = System.nanoTime();

        Response other = get(Tokens.of("operator", "dave-" + UUID.randomUUID()), location + "?waitMs=20000");

        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("not held for the wait").isLessThan(15_000);
    }

    @Test
    void shouldLetOnlyServicesReadARecordStoredWithoutASubmitter() {
        String id = "cmd_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        store.create(new CommandRecord(id, "dev-old", "dispense", null, "succeeded", null, null, null, 1000, now,
                now.plusSeconds(1), now, null), null).await().atMost(Duration.ofSeconds(5));

        assertThat(get(Tokens.of("operator", "op-old"), "/api/commands/" + id).statusCode()).isEqualTo(404);
        assertThat(get(Tokens.of("service", "svc-old"), "/api/commands/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldNotShowTheSubmitterInTheRecord() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String erin = Tokens.of("operator", "erin-" + run);

        Response record = get(erin, submit(erin));

        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.asString()).doesNotContain("erin-" + run);
    }
}
