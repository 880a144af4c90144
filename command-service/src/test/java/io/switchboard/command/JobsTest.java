package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.switchboard.command.support.CommandsTopic;
import io.switchboard.command.support.Devices;
import io.switchboard.common.wire.QueuedCommand;
import io.switchboard.testsupport.ContractSchemas;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.switchboard.testsupport.TopicWriter;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * One command to many machines (issue 16, part 2; docs/jobs.md), over the real Redis and Kafka: the rollout writes one
 * command per machine to device.commands, the gateways' reports (written here as a gateway would) move the job's
 * counts, offline machines are recorded or queued, the rate holds machines back, the abort rule and a cancel stop it.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class JobsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = Tokens.of("operator", "op-jobs");

    @Inject
    RedisDataSource redis;

    @Test
    void shouldSendOneCommandPerMachineAndCompleteWithTheirOutcomes() throws Exception {
        String a = Devices.online(redis);
        String b = Devices.online(redis);
        String c = Devices.online(redis);
        String away = "dev-job-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaConsumer<String, String> topic = CommandsTopic.fromNow(); TopicWriter kafka = new TopicWriter()) {
            Response created = post("{\"method\":\"dispense\",\"params\":{\"bags\":2},\"timeoutMs\":20000,"
                    + "\"ratePerMinute\":60000,\"targets\":{\"devices\":[\"" + a + "\",\"" + b + "\",\"" + c + "\",\"" + away
                    + "\",\"" + a + "\"]}}");
            assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
            String jobId = created.jsonPath().getString("jobId");
            assertThat(created.header("Location")).endsWith("/api/jobs/" + jobId);
            assertThat(created.jsonPath().getString("status")).isEqualTo("running");
            assertThat(created.jsonPath().getInt("total")).as("a repeated device counts once").isEqualTo(4);

            Map<String, JsonNode> sent = commands(topic, Set.of(a, b, c));
            assertThat(sent.get(a).path("method").asText()).isEqualTo("dispense");
            assertThat(sent.get(a).path("params").path("bags").asInt()).isEqualTo(2);
            kafka.send("device.replies", a, reply("RESULT", sent.get(a), "{\"ok\":true}", "null"));
            kafka.send("device.replies", b, reply("RESULT", sent.get(b), "{\"ok\":true}", "null"));
            kafka.send("device.replies", c, reply("ERROR", sent.get(c), "null", "{\"code\":1001,\"message\":\"jammed\"}"));

            JsonPath done = await().atMost(Duration.ofSeconds(20)).until(() -> job(jobId, ""),
                    j -> "completed".equals(j.getString("status")));
            assertThat(done.getInt("counts.succeeded")).isEqualTo(2);
            assertThat(done.getInt("counts.failed")).isEqualTo(1);
            assertThat(done.getInt("counts.offline")).isEqualTo(1);
            assertThat(done.getInt("counts.pending") + done.getInt("counts.in_progress") + done.getInt("counts.queued")).isZero();
            assertThat(done.getString("finishedAt")).isNotNull();
            assertThat(done.getList("machines.items.deviceId")).containsExactly(a, b, c, away);
            assertThat(done.getList("machines.items.status")).containsExactly("succeeded", "succeeded", "failed", "offline");
            assertThat(done.getString("machines.items[3].reason")).isEqualTo("device_offline");
            assertThat(done.getString("machines.items[0].commandId")).isEqualTo(sent.get(a).path("commandId").asText());

            JsonPath page = job(jobId, "?offset=1&limit=2");
            assertThat(page.getList("machines.items.deviceId")).containsExactly(b, c);
            assertThat(page.getInt("machines.total")).isEqualTo(4);
            // each machine's command is an ordinary command: readable, with its outcome
            JsonPath command = given().auth().oauth2(OPERATOR).get("/api/commands/" + sent.get(c).path("commandId").asText())
                    .then().statusCode(200).extract().jsonPath();
            assertThat(command.getString("status")).isEqualTo("failed");
            assertThat(given().auth().oauth2(OPERATOR).get("/api/jobs?limit=5").jsonPath().getList("items.jobId")).contains(jobId);
        }
    }

    @Test
    void shouldHoldMachinesBackToTheRolloutRate() throws Exception {
        List<String> devices = List.of(Devices.online(redis), Devices.online(redis), Devices.online(redis));
        String jobId = post("{\"method\":\"dispense\",\"ratePerMinute\":1,\"targets\":{\"devices\":"
                + JSON.writeValueAsString(devices) + "}}").jsonPath().getString("jobId");
        await().atMost(Duration.ofSeconds(10)).until(() -> job(jobId, "").getInt("counts.in_progress") == 1);
        // one machine a minute: the second is due 60 s after the first, so for the next seconds two stay pending
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> job(jobId, "").getInt("counts.pending") == 2);
        given().auth().oauth2(OPERATOR).post("/api/jobs/" + jobId + "/cancel").then().statusCode(200);
    }

    @Test
    void shouldAbortWhenMoreThanTheAllowedShareOfFinishedMachinesFailed() throws Exception {
        List<String> devices = List.of(Devices.online(redis), Devices.online(redis), Devices.online(redis));
        try (KafkaConsumer<String, String> topic = CommandsTopic.fromNow(); TopicWriter kafka = new TopicWriter()) {
            String jobId = post("{\"method\":\"dispense\",\"ratePerMinute\":1,\"abort\":{\"failedPercent\":50,\"minFinished\":1},"
                    + "\"targets\":{\"devices\":" + JSON.writeValueAsString(devices) + "}}").jsonPath().getString("jobId");
            JsonNode first = commands(topic, Set.of(devices.get(0))).get(devices.get(0));
            kafka.send("device.replies", devices.get(0), reply("ERROR", first, "null", "{\"code\":1001,\"message\":\"jammed\"}"));
            JsonPath aborted = await().atMost(Duration.ofSeconds(20)).until(() -> job(jobId, ""),
                    j -> "aborted".equals(j.getString("status")) && j.getString("finishedAt") != null);
            assertThat(aborted.getInt("counts.failed")).isEqualTo(1);
            assertThat(aborted.getInt("counts.pending")).as("never sent after the abort").isEqualTo(2);
            assertThat(aborted.getInt("abort.failedPercent")).isEqualTo(50);
            Response cancel = given().auth().oauth2(OPERATOR).post("/api/jobs/" + jobId + "/cancel");
            assertThat(cancel.statusCode()).isEqualTo(409);
            assertThat(cancel.jsonPath().getString("code")).isEqualTo("job_not_running");
            assertThat(cancel.jsonPath().getString("jobStatus")).isEqualTo("aborted");
        }
    }

    @Test
    void shouldQueueForOfflineMachinesAndCancelTheirCommandsWithTheJob() {
        String x = "dev-job-" + UUID.randomUUID().toString().substring(0, 8);
        String y = "dev-job-" + UUID.randomUUID().toString().substring(0, 8);
        String jobId = post("{\"method\":\"dispense\",\"ratePerMinute\":60000,\"delivery\":{\"whenOffline\":\"queue\",\"ttlMs\":600000},"
                + "\"targets\":{\"devices\":[\"" + x + "\",\"" + y + "\"]}}").jsonPath().getString("jobId");
        JsonPath queued = await().atMost(Duration.ofSeconds(10)).until(() -> job(jobId, ""), j -> j.getInt("counts.queued") == 2);
        assertThat(queued.getString("delivery.whenOffline")).isEqualTo("queue");
        assertThat(redis.list(String.class).llen(QueuedCommand.key(x))).isEqualTo(1);

        Response cancel = given().auth().oauth2(OPERATOR).post("/api/jobs/" + jobId + "/cancel");
        assertThat(cancel.statusCode()).as(cancel.asString()).isEqualTo(200);
        assertThat(cancel.jsonPath().getString("status")).isEqualTo("cancelled");
        JsonPath ended = await().atMost(Duration.ofSeconds(10)).until(() -> job(jobId, ""),
                j -> j.getInt("counts.cancelled") == 2 && j.getString("finishedAt") != null);
        assertThat(ended.getList("machines.items.status")).containsExactly("cancelled", "cancelled");
        assertThat(redis.list(String.class).llen(QueuedCommand.key(x))).isZero();
        assertThat(redis.list(String.class).llen(QueuedCommand.key(y))).isZero();
    }

    @Test
    void shouldTargetAGroupsMembersAsTheyWereWhenTheJobWasCreated() throws Exception {
        String group = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        String a = Devices.online(redis);
        String b = Devices.online(redis);
        Response added = given().auth().oauth2(OPERATOR).contentType("application/json")
                .body("{\"devices\":[\"" + b + "\",\"" + a + "\",\"" + a + "\"]}").post("/api/groups/" + group + "/devices");
        assertThat(added.statusCode()).as(added.asString()).isEqualTo(200);
        assertThat(added.jsonPath().getInt("total")).isEqualTo(2);
        JsonPath members = given().auth().oauth2(OPERATOR).get("/api/groups/" + group).then().statusCode(200).extract().jsonPath();
        assertThat(members.getList("devices")).containsExactly(List.of(a, b).stream().sorted().toArray());

        String jobId = post("{\"method\":\"dispense\",\"targets\":{\"group\":\"" + group + "\"}}").jsonPath().getString("jobId");
        given().auth().oauth2(OPERATOR).delete("/api/groups/" + group + "/devices/" + a).then().statusCode(204);
        JsonPath job = job(jobId, "");
        assertThat(job.getString("group")).isEqualTo(group);
        assertThat(job.getInt("total")).isEqualTo(2);
        assertThat(job.getList("machines.items.deviceId")).containsExactly(List.of(a, b).stream().sorted().toArray());
        given().auth().oauth2(OPERATOR).post("/api/jobs/" + jobId + "/cancel");

        given().auth().oauth2(OPERATOR).delete("/api/groups/" + group).then().statusCode(204);
        Response empty = post("{\"method\":\"dispense\",\"targets\":{\"group\":\"" + group + "\"}}");
        assertThat(empty.statusCode()).isEqualTo(409);
        assertThat(empty.jsonPath().getString("code")).isEqualTo("group_empty");
    }

    @Test
    void shouldRefuseABadJobWithAProblemAndStoreNothing() {
        for (String body : List.of("", "[]", "{\"method\":\"dispense\"}", "{\"method\":\"ping\",\"targets\":{\"devices\":[\"k\"]}}",
                "{\"method\":\"dispense\",\"targets\":{\"devices\":[]}}", "{\"method\":\"dispense\",\"targets\":{\"devices\":[\"a b\"]}}",
                "{\"method\":\"dispense\",\"targets\":{\"devices\":[\"k\"],\"group\":\"g\"}}",
                "{\"method\":\"dispense\",\"targets\":{\"devices\":[\"k\"]},\"ratePerMinute\":0}",
                "{\"method\":\"dispense\",\"targets\":{\"devices\":[\"k\"]},\"abort\":{\"failedPercent\":101}}",
                "{\"method\":\"dispense\",\"targets\":{\"devices\":[\"k\"]},\"abort\":{\"minFinished\":3}}",
                "{\"method\":\"dispense\",\"targets\":{\"devices\":[\"k\"]},\"retries\":2}",
                "{\"method\":\"dispense\",\"targets\":{\"devices\":[\"k\"]},\"timeoutMs\":1}")) {
            Response r = post(body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("code")).as(body).isEqualTo("invalid_job");
        }
        Response missing = given().auth().oauth2(OPERATOR).get("/api/jobs/job_nosuch");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.jsonPath().getString("code")).isEqualTo("job_not_found");
        assertThat(given().auth().oauth2(Tokens.of("merchant", "m1")).get("/api/jobs").statusCode()).isEqualTo(403);
    }

    private static Response post(String body) {
        return given().auth().oauth2(OPERATOR).contentType("application/json").body(body).post("/api/jobs");
    }

    private static JsonPath job(String jobId, String query) {
        return given().auth().oauth2(OPERATOR).get("/api/jobs/" + jobId + query).then().statusCode(200).extract().jsonPath();
    }

    /** The commands written to device.commands for {@code devices}, by device, read until all are there. */
    private static Map<String, JsonNode> commands(KafkaConsumer<String, String> topic, Set<String> devices) throws Exception {
        Map<String, JsonNode> found = new HashMap<>();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!found.keySet().containsAll(devices) && System.nanoTime() < end) {
            for (ConsumerRecord<String, String> r : topic.poll(Duration.ofMillis(200))) {
                if (devices.contains(r.key())) {
                    ContractSchemas.assertValid("kafka-device-command.json", r.value());
                    JsonNode previous = found.put(r.key(), JSON.readTree(r.value()));
                    assertThat(previous).as("one command per machine: %s", r.key()).isNull();
                }
            }
        }
        assertThat(found.keySet()).containsAll(devices);
        return found;
    }

    private static String reply(String kind, JsonNode command, String result, String error) {
        String value = "{\"kind\":\"" + kind + "\",\"commandId\":\"" + command.path("commandId").asText() + "\",\"deviceId\":\""
                + command.path("deviceId").asText() + "\",\"gateway\":\"gw-test\",\"result\":" + result + ",\"error\":" + error
                + ",\"time\":\"" + Instant.now() + "\",\"reason\":null}";
        return ContractSchemas.assertValid("kafka-device-reply.json", value);
    }
}
