package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.switchboard.qrsim.QrSimulator;
import io.switchboard.qrsim.QrSimulatorConfig;
import io.switchboard.sim.DeviceSimulator;
import io.switchboard.sim.SimulatedDevice;
import io.switchboard.sim.SimulatorConfig;
import io.switchboard.system.faults.platform.NotifySubscriber;
import io.switchboard.system.support.Api;
import io.switchboard.system.support.Platform;
import io.switchboard.system.support.ScramKafka;
import io.switchboard.system.support.ServiceProcess;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the four services, from their packaged jars, against a broker that requires SCRAM-SHA-512 and
 * enforces ACLs ({@code scripts/infra.sh start scram}), each logging in as its own KafkaUser through the
 * standard variables its Deployment sets ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_JAAS_CONFIG}). The broker's users and ACLs are the KafkaUsers of
 * {@code deploy/base/kafka/users.yaml}, which deploy/validate.sh holds equal to what each service's
 * application.properties uses: so the flows passing proves the deployed ACLs are enough, and every refusal
 * here proves they are no wider than that file says.
 */
class KafkaAclSystemTest {
    private static final String WEBHOOK_SECRET = "whsec_c2NyYW0tYWNsLXN5c3RlbS10ZXN0LXNlY3JldC0wMQ==";
    private static ScramKafka kafka;
    private static Map<String, ScramKafka.User> users;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static ServiceProcess gateway;
    private static ServiceProcess commands;
    private static ServiceProcess notify;
    private static ServiceProcess auth;
    private static QrSimulator qrSimulator;
    private static SimulatorConfig deviceConfig;
    private static DeviceSimulator devices;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("switchboard.root", Infra.projectRoot().toString()));
        kafka = new ScramKafka(root);
        kafka.start();
        users = kafka.users();
        gateway = service(root, "device-gateway", ServiceProcess.freePort(), Map.of());
        commands = service(root, "command-service", ServiceProcess.freePort(), Map.of());
        notify = service(root, "notify-service", ServiceProcess.freePort(), Map.of());
        int authPort = ServiceProcess.freePort();
        qrSimulator = QrSimulator.start(new QrSimulatorConfig(ServiceProcess.freePort(),
                "http://127.0.0.1:" + authPort + "/api/callbacks/qr-grants", WEBHOOK_SECRET, null, Duration.ofMinutes(5)));
        auth = service(root, "auth-callback-service", authPort, Map.of(
                "QR_THIRD_PARTY_URL", qrSimulator.url(), "QR_WEBHOOK_SECRETS", WEBHOOK_SECRET, "QR_COOKIE_SECURE", "false",
                "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                root.resolve("test-support/src/main/resources/switchboard-test/privateKey.pem").toString()));
        for (ServiceProcess p : services) {
            p.awaitReady(Duration.ofSeconds(90));
        }
        deviceConfig = new SimulatorConfig(URI.create(gateway.ws("/devices/ws")), id -> Tokens.of("device", id), 0, 0.0, 100, 2000);
        devices = new DeviceSimulator(deviceConfig);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (devices != null) {
            devices.close();
        }
        services.parallelStream().forEach(p -> {
            try {
                p.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (qrSimulator != null) {
            qrSimulator.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void shouldAnswerACommandEndToEndWithEachServiceOnItsOwnKafkaUser() throws Exception {
        String id = Platform.deviceId("scram");
        SimulatedDevice device = devices.startAndAwait(id, deviceConfig.withDelayMs(20), Duration.ofSeconds(20));
        Api operator = new Api(commands.base(), Tokens.of("operator", "op-scram-test"));
        await().atMost(Duration.ofSeconds(10)).until(() -> operator.get("/api/devices/" + id).status() == 200);

        // command-service writes device.commands, the gateway reads it (group device-gateway) and writes
        // device.replies, command-service reads that (group command-service): each as its own user
        Api.Reply r = operator.commandNow(id, "{\"method\":\"dispense\",\"params\":{\"bag\":3}}");

        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        assertThat(r.body().path("status").asText()).isEqualTo("succeeded");
        assertThat(r.body().path("result").path("params").path("bag").asInt()).isEqualTo(3);
        assertThat(device.actions()).isEqualTo(1);
        // and the gateway wrote the machine's presence to device.events
        await().atMost(Duration.ofSeconds(15)).until(() -> keysOf("device.events", Duration.ofSeconds(5)).contains(id));
    }

    @Test
    void shouldDeliverAnEventFromNotifyEventsToASubscribedBrowser() throws Exception {
        String shop = "scram-" + Platform.deviceId("shop");
        NotifySubscriber merchant = new NotifySubscriber(vertx,
                vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(3000)),
                notify.ws("/notifications/ws"), Tokens.of("merchant", "merchant-" + shop, Map.of("shop", shop)),
                "shop:" + shop, false);
        try (merchant; KafkaProducer<String, String> upstream = ScramKafka.producer(kafka.jaas("admin"))) {
            merchant.start(null, null).get(15, TimeUnit.SECONDS);

            // an upstream system writes notify.events; notify-service reads it in group notify-service
            String eventId = "evt-" + shop;
            upstream.send(new ProducerRecord<>("notify.events", "shop:" + shop, "{\"id\":\"" + eventId
                    + "\",\"channel\":\"shop:" + shop + "\",\"type\":\"order.paid\",\"data\":{\"orderId\":\"o-1\"}}"))
                    .get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(15)).until(() -> merchant.ids().contains(eventId));
        }
    }

    @Test
    void shouldRecordAQrLoginOnAuthQrEvents() throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(auth.base() + "/api/qr-logins")).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String loginId = Api.JSON.readTree(created.body()).path("loginId").asText();

        // auth-callback-service's outbox relay writes qr.login.created to auth.qr-events as its user
        await().atMost(Duration.ofSeconds(15)).until(() -> keysOf("auth.qr-events", Duration.ofSeconds(5)).contains(loginId));
    }

    @Test
    void shouldRefuseEveryWriteAServiceWasNotGranted() {
        Set<String> topics = kafka.topics();
        Map<String, Set<String>> refused = new HashMap<>();
        Map<String, Set<String>> accepted = new HashMap<>();
        for (ScramKafka.User user : users.values()) {
            try (KafkaProducer<String, String> producer = ScramKafka.producer(kafka.jaas(user.name()))) {
                for (String topic : topics) {
                    // a granted topic is written only where no service reads it (no junk in the flows)
                    if (user.writes().contains(topic) && readers(topic) > 0) {
                        continue;
                    }
                    Throwable failure = send(producer, topic);
                    if (failure == null) {
                        accepted.computeIfAbsent(user.name(), u -> new TreeSet<>()).add(topic);
                    } else {
                        assertThat(failure).as("%s writing %s", user.name(), topic).isInstanceOf(TopicAuthorizationException.class);
                        refused.computeIfAbsent(user.name(), u -> new TreeSet<>()).add(topic);
                    }
                }
            }
        }

        for (ScramKafka.User user : users.values()) {
            Set<String> notGranted = new TreeSet<>(topics);
            notGranted.removeAll(user.writes());
            assertThat(refused.getOrDefault(user.name(), Set.of())).as("topics refused to %s", user.name()).isEqualTo(notGranted);
            assertThat(accepted.get(user.name())).as("granted topics %s wrote (its credentials work)", user.name()).isNotEmpty();
        }
        // the case: no one but command-service writes device.commands to the machines, but the
        // gateway forwarding a command (docs/routing.md)
        assertThat(refused.get("notify-service-kafka")).contains("device.commands");
        assertThat(refused.get("auth-callback-service-kafka")).contains("device.commands");
    }

    @Test
    void shouldRefuseEveryReadAServiceWasNotGranted() {
        for (ScramKafka.User user : users.values()) {
            // no group: a consumer that only fetches (a group it may use would not make a topic readable)
            try (KafkaConsumer<String, String> consumer = ScramKafka.consumer(kafka.jaas(user.name()), null)) {
                for (String topic : kafka.topics()) {
                    if (user.reads().contains(topic)) {
                        continue; // granted: the flows read it
                    }
                    consumer.assign(List.of(new TopicPartition(topic, 0)));
                    Throwable failure = catchThrowable(() -> consumer.poll(Duration.ofSeconds(5)));
                    assertThat(failure).as("%s reading %s", user.name(), topic).isInstanceOf(TopicAuthorizationException.class);
                }
            }
        }
    }

    @Test
    void shouldRefuseAClientWithoutAKafkaUser() throws Exception {
        // the broker answers a client that logs in (so a refusal below is not a broker that is down)
        String gatewayJaas = kafka.jaas("device-gateway-kafka");
        try (KafkaProducer<String, String> gatewayUser = ScramKafka.producer(gatewayJaas)) {
            assertThat(send(gatewayUser, "device.events")).isNull();
        }
        // no SASL at all: the broker's only client listener wants a SCRAM handshake first, and drops the
        // connection of a client that asks for metadata instead
        try (KafkaProducer<String, String> anonymous = ScramKafka.producer(null)) {
            Throwable failure = send(anonymous, "device.commands");
            assertThat(failure).as("an unauthenticated write to device.commands").isNotNull()
                    .isNotInstanceOf(TopicAuthorizationException.class);
            assertThat(failure.getMessage()).contains("not present in metadata");
        }
        // a known user with a wrong password
        try (KafkaProducer<String, String> wrong = ScramKafka.producer(gatewayJaas.replaceAll("password=\"[^\"]*\"", "password=\"guess\""))) {
            assertThat(send(wrong, "device.commands")).isInstanceOf(SaslAuthenticationException.class);
        }
        // a valid login that no KafkaUser grants anything ("any pod" with credentials of its own)
        try (Admin admin = kafka.admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("intruder",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "intruder-password"))).all().get(10, TimeUnit.SECONDS);
        }
        String intruder = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"intruder\" password=\"intruder-password\";";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (KafkaProducer<String, String> p = ScramKafka.producer(intruder)) {
                assertThat(send(p, "device.commands")).isInstanceOf(TopicAuthorizationException.class);
            }
        });
    }

    @Test
    void shouldAcceptARefusedWriteOnlyWhileAnAclGrantsIt() throws Exception {
        // the control: the refusals above come from the ACLs, not from a topic or login problem
        String user = "device-gateway-kafka";
        String topic = "notify.events";
        assertThat(users.get(user).writes()).doesNotContain(topic);
        AclBinding grant = new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        try (Admin admin = kafka.admin()) {
            admin.createAcls(List.of(grant)).all().get(10, TimeUnit.SECONDS);
            try {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    try (KafkaProducer<String, String> p = ScramKafka.producer(kafka.jaas(user))) {
                        assertThat(send(p, topic)).isNull();
                    }
                });
            } finally {
                admin.deleteAcls(List.of(grant.toFilter())).all().get(10, TimeUnit.SECONDS);
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (KafkaProducer<String, String> p = ScramKafka.producer(kafka.jaas(user))) {
                assertThat(send(p, topic)).isInstanceOf(TopicAuthorizationException.class);
            }
        });
    }

    private static ServiceProcess service(Path root, String module, int port, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(kafka.serviceEnv(module));
        env.putAll(extra);
        ServiceProcess p = ServiceProcess.start(root, module, "scram-" + module, port, env);
        services.add(p);
        return p;
    }

    /** How many KafkaUsers may read {@code topic}. */
    private static long readers(String topic) {
        return users.values().stream().filter(u -> u.reads().contains(topic)).count();
    }

    /** Writes one record; null when the broker acknowledged it, else what failed (unwrapped). */
    private static Throwable send(KafkaProducer<String, String> producer, String topic) {
        try {
            producer.send(new ProducerRecord<>(topic, "scram-acl-test", "{\"probe\":true}")).get(15, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** The keys of every record of {@code topic}, read as the super user (an auditor). */
    private static Set<String> keysOf(String topic, Duration atMost) {
        Set<String> keys = new TreeSet<>();
        try (KafkaConsumer<String, String> consumer = ScramKafka.consumer(kafka.jaas("admin"), null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, atMost).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, atMost);
            long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }
}
