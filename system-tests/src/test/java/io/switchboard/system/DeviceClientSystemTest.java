package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.device.DeviceClient;
import io.switchboard.device.DeviceException;
import io.switchboard.system.support.Api;
import io.switchboard.system.support.Platform;
import io.switchboard.system.support.ServiceProcess;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.Tokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java device SDK (clients/java-device) against real device-gateways: commands sent through command-service's
 * API, status notifications read back from Kafka device.events, a gateway killed and started again.
 */
class DeviceClientSystemTest {
    static Platform platform;
    private final List<DeviceClient> clients = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(DeviceClient::close);
    }

    private DeviceClient device(String id, String gatewayWs, UnaryOperator<DeviceClient.Builder> setup) {
        DeviceClient.Builder builder = DeviceClient.builder(URI.create(gatewayWs), () -> Tokens.of("device", id))
                .name(id).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .handle("dispense", params -> {
                    calls.incrementAndGet();
                    return Map.of("dispensed", params.path("bag").asInt(), "by", "sdk");
                });
        DeviceClient client = setup.apply(builder).start();
        clients.add(client);
        return client;
    }

    private DeviceClient online(String id, int gateway, UnaryOperator<DeviceClient.Builder> setup) {
        DeviceClient client = device(id, platform.gateways.get(gateway).ws("/devices/ws"), setup);
        awaitPresence(id);
        return client;
    }

    private static void awaitPresence(String id) {
        Api api = platform.operator(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/devices/" + id).status() == 200);
    }

    private static Api.Reply dispense(String id, int bag) {
        return platform.operator(0).commandNow(id, "{\"method\":\"dispense\",\"params\":{\"bag\":" + bag + "}}");
    }

    @Test
    void shouldAnswerWithTheHandlersResultWhenConnectedWithTheHeader() {
        String id = Platform.deviceId("sdk-header");
        online(id, 0, b -> b);

        Api.Reply r = dispense(id, 7);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("status").asText()).isEqualTo("succeeded");
        assertThat(r.body().path("result").path("dispensed").asInt()).isEqualTo(7);
        assertThat(r.body().path("result").path("by").asText()).isEqualTo("sdk");
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldConnectWithTheTokenInTheQuery() {
        String id = Platform.deviceId("sdk-query");
        DeviceClient client = online(id, 1, DeviceClient.Builder::tokenInQuery);

        Api.Reply r = dispense(id, 3);

        assertThat(client.connects()).isEqualTo(1);
        assertThat(r.body().path("status").asText()).isEqualTo("succeeded");
        assertThat(r.body().path("result").path("dispensed").asInt()).isEqualTo(3);
    }

    @Test
    void shouldAnswerATypedErrorThatTheCallerSees() {
        String id = Platform.deviceId("sdk-jam");
        online(id, 0, b -> b.handle("dispense", params -> {
            throw new DeviceException(1001, "mechanism jammed", Map.of("slot", 4));
        }));

        Api.Reply r = dispense(id, 1);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("status").asText()).isEqualTo("failed");
        assertThat(r.body().path("error").path("code").asInt()).isEqualTo(1001);
        assertThat(r.body().path("error").path("message").asText()).isEqualTo("mechanism jammed");
        assertThat(r.body().path("error").path("data").path("slot").asInt()).isEqualTo(4);
    }

    @Test
    void shouldGetPongFromTheGateway() throws Exception {
        DeviceClient client = online(Platform.deviceId("sdk-ping"), 1, b -> b);

        assertThat(client.ping().get(10, TimeUnit.SECONDS)).isEqualTo("pong");
    }

    @Test
    void shouldRefuseACommandWhoseDeadlinePassed() {
        String id = Platform.deviceId("sdk-late");
        // the machine's clock runs an hour ahead: every command's deadline has passed by its reckoning
        online(id, 0, b -> b.clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))));

        Api.Reply r = dispense(id, 1);

        assertThat(r.body().path("status").asText()).isEqualTo("failed");
        assertThat(r.body().path("error").path("code").asInt()).isEqualTo(-32004);
        assertThat(calls).hasValue(0);
    }

    @Test
    void shouldPutAStatusNotificationOnDeviceEvents() {
        String id = Platform.deviceId("sdk-status");
        DeviceClient client = online(id, 1, b -> b);
        try (KafkaConsumer<String, String> events = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = events.partitionsFor("device.events", Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition("device.events", p.partition())).toList();
            events.assign(partitions);
            events.seekToEnd(partitions);
            partitions.forEach(events::position); // fixes "the end" before the notification is sent

            assertThat(client.notify("status", Map.of("bagsLeft", 42))).isTrue();

            List<JsonNode> mine = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (ConsumerRecord<String, String> r : events.poll(Duration.ofMillis(200))) {
                    if (id.equals(r.key())) {
                        mine.add(Api.JSON.readTree(r.value()));
                    }
                }
                return mine.stream().anyMatch(e -> e.path("method").asText().equals("status"));
            });
            JsonNode status = mine.stream().filter(e -> e.path("method").asText().equals("status")).findFirst().orElseThrow();
            assertThat(status.path("source").asText()).isEqualTo("device");
            assertThat(status.path("deviceId").asText()).isEqualTo(id);
            assertThat(status.path("params").path("bagsLeft").asInt()).isEqualTo(42);
        }
    }

    @Test
    void shouldNotReconnectAfterBeingReplacedByANewerConnection() {
        String id = Platform.deviceId("sdk-replaced");
        DeviceClient older = online(id, 0, b -> b);

        DeviceClient newer = device(id, platform.gateways.get(1).ws("/devices/ws"), b -> b);

        await().atMost(Duration.ofSeconds(15)).until(() -> older.lastCloseCode() == 4500 && newer.connected());
        assertThat(older.running()).isFalse();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> older.connects() == 1 && !older.connected());
        assertThat(dispense(id, 2).body().path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void shouldReconnectWithANewTokenAfter4501AndStopWhenThereIsNone() {
        String renewing = Platform.deviceId("sdk-renew");
        String stuck = Platform.deviceId("sdk-stuck");
        AtomicInteger minted = new AtomicInteger();
        String once = Tokens.expiringIn("device", stuck, Duration.ofSeconds(2));
        DeviceClient renews = online(renewing, 0, b -> DeviceClient.builder(
                        URI.create(platform.gateways.get(0).ws("/devices/ws")), () -> minted.incrementAndGet() == 1
                                ? Tokens.expiringIn("device", renewing, Duration.ofSeconds(2)) : Tokens.of("device", renewing))
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).name(renewing));
        DeviceClient stops = online(stuck, 1, b -> DeviceClient.builder(
                URI.create(platform.gateways.get(1).ws("/devices/ws")), () -> once).name(stuck));

        await().atMost(Duration.ofSeconds(20)).until(() -> stops.lastCloseCode() == 4501 && renews.connects() == 2);
        assertThat(stops.running()).isFalse();
        assertThat(renews.running()).isTrue();
        assertThat(renews.lastCloseCode()).isEqualTo(4501);
    }

    @Test
    void shouldReconnectAfterTheGatewayIsKilledAndStartedAgain() throws Exception {
        Path root = Path.of(System.getProperty("switchboard.root", Infra.projectRoot().toString()));
        int port = ServiceProcess.freePort();
        ServiceProcess gateway = ServiceProcess.start(root, "device-gateway", "gateway-sdk", port, ServiceProcess.env())
                .awaitReady(Duration.ofSeconds(90));
        ServiceProcess again = null;
        try {
            String id = Platform.deviceId("sdk-phoenix");
            DeviceClient client = device(id, gateway.ws("/devices/ws"), b -> b);
            awaitPresence(id);

            gateway.signal("KILL");
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.connected());
            assertThat(client.lastCloseCode()).isEqualTo(1006);
            again = ServiceProcess.start(root, "device-gateway", "gateway-sdk-again", port, ServiceProcess.env())
                    .awaitReady(Duration.ofSeconds(90));

            await().atMost(Duration.ofSeconds(30)).until(() -> client.connects() == 2 && client.connected());
            Api.Reply r = platform.operator(1).commandNow(id, "{\"method\":\"dispense\",\"params\":{\"bag\":9},\"timeoutMs\":20000}");
            assertThat(r.body().path("status").asText()).isEqualTo("succeeded");
            assertThat(r.body().path("result").path("dispensed").asInt()).isEqualTo(9);
        } finally {
            gateway.close();
            if (again != null) {
                again.close();
            }
        }
    }
}
