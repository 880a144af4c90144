package io.switchboard.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.InfraResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A replica killed with kill -9 leaves its device.replies partitions to the others; they must resume
 * from a committed offset, which every partition has once a replica was assigned it.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ReplyOffsetsTest {

    @Test
    void shouldCommitAnOffsetForEveryReplyPartitionOnceAssigned() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA))) {
            Set<TopicPartition> partitions = admin.describeTopics(List.of("device.replies")).allTopicNames().get()
                    .get("device.replies").partitions().stream()
                    .map(p -> new TopicPartition("device.replies", p.partition())).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    admin.listConsumerGroupOffsets("command-service").partitionsToOffsetAndMetadata().get().entrySet().stream()
                            .filter(e -> e.getValue() != null).map(Map.Entry::getKey).collect(Collectors.toSet()))
                    .containsAll(partitions));
        }
    }
}
