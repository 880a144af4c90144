package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * After a rebalance of its command consumer (another member of the gateways' group took some partitions, as when a
 * gateway joins, then left again), a gateway resumes each partition from the committed offset: a command written
 * while the partition was away, and not read by the other member, still reaches the device.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class CommandResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;

    @Test
    void shouldDeliverACommandWrittenWhileItsPartitionWasRebalancedAway() throws Exception {
        Set<Integer> taken = ConcurrentHashMap.newKeySet();
        AtomicBoolean leave = new AtomicBoolean();
        Thread intruder = joinTheGatewaysGroup(taken, leave);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA),
                new StringSerializer(), new StringSerializer())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !taken.isEmpty());
            int partitions = producer.partitionsFor("device.commands").size();
            String deviceId;
            do {
                deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
            } while (!taken.contains(Utils.toPositive(Utils.murmur2(deviceId.getBytes(StandardCharsets.UTF_8))) % partitions));

            try (WsClient ws = WsClient.connect(vertx, URI.create(uri.toString().replaceFirst("^http", "ws")),
                    Tokens.of("device", deviceId))) {
                String commandId = "cmd-resume-" + UUID.randomUUID();
                String value = JSON.createObjectNode().put("commandId", commandId).put("deviceId", deviceId)
                        .put("method", "dispense").put("deadline", Instant.now().plusSeconds(60).toString())
                        .put("issuedAt", Instant.now().toString()).set("params", JSON.createObjectNode()).toString();
                producer.send(new ProducerRecord<>("device.commands", deviceId, value)).get(10, TimeUnit.SECONDS);

                leave.set(true); // the partition comes back to the gateway
                intruder.join(30_000);
                String frame = ws.frames.poll(30, TimeUnit.SECONDS);
                assertThat(frame).as("the command written while its partition was away").isNotNull();
                assertThat(JSON.readTree(frame).path("id").asText()).isEqualTo(commandId);
            }
        } finally {
            leave.set(true);
        }
    }

    /**
     * A second member of the gateways' consumer group, which takes some partitions (committing where it starts, as a
     * gateway does), reads nothing from them and commits nothing more, until told to leave.
     */
    private Thread joinTheGatewaysGroup(Set<Integer> taken, AtomicBoolean leave) {
        Thread t = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA,
                    ConsumerConfig.GROUP_ID_CONFIG, ConfigProvider.getConfig()
                            .getValue("mp.messaging.incoming.device-commands.group.id", String.class),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("device.commands"), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        partitions.forEach(p -> taken.remove(p.partition()));
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        // as a gateway does (AssignmentTracker): the start of a partition with no committed offset is
                        // committed on assignment, so whoever reads it next resumes there, not at "latest"
                        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
                        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
                        partitions.forEach(p -> {
                            if (committed.get(p) == null) {
                                start.put(p, new OffsetAndMetadata(consumer.position(p)));
                            }
                        });
                        consumer.commitSync(start);
                        partitions.forEach(p -> taken.add(p.partition()));
                    }
                });
                while (!leave.get()) {
                    consumer.poll(Duration.ofMillis(100));
                }
            }
        }, "intruder");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
