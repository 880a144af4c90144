package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading a {@code /q/metrics} page and counting the Kafka records a process read ({@link MetricsPage}, {@link Counters}). */
class MetricsPageTest {
    // lines as a device-gateway writes them (Quarkus 3, Kafka client 4.1), trimmed
    private static final String GATEWAY = """
            # TYPE kafka_consumer_fetch_manager_records_consumed_total counter
            # HELP kafka_consumer_fetch_manager_records_consumed_total The total number of records consumed
            kafka_consumer_fetch_manager_records_consumed_total{client_id="kafka-consumer-device-commands",kafka_version="4.1.1"} 30.0
            kafka_consumer_fetch_manager_records_consumed_total{client_id="kafka-consumer-device-commands",kafka_version="4.1.1",topic="device.commands"} 25.0
            kafka_consumer_fetch_manager_records_consumed_total{client_id="kafka-consumer-device-commands",kafka_version="4.1.1",topic="device_commands"} 25.0
            kafka_consumer_fetch_manager_records_consumed_total{client_id="kafka-consumer-other",kafka_version="4.1.1",topic="device.commands.dlq"} 5.0
            kafka_producer_record_send_total{client_id="kafka-producer-device-replies",kafka_version="4.1.1"} 50.0
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/q/metrics"} 3
            jvm_threads_live_threads 42.0
            process_start_time_seconds 1.764768E9
            """;

    @Test
    void shouldReadNamesTagsAndValues() {
        MetricsPage page = MetricsPage.parse(GATEWAY);
        assertThat(page.samples()).hasSize(8);
        assertThat(page.samples().get(1).tags()).isEqualTo(Map.of("client_id", "kafka-consumer-device-commands",
                "kafka_version", "4.1.1", "topic", "device.commands"));
        assertThat(page.samples().get(6)).isEqualTo(new MetricsPage.Sample("jvm_threads_live_threads", Map.of(), 42.0));
        assertThat(page.samples().get(5).value()).isEqualTo(3.0);
    }

    @Test
    void shouldCountTheDottedTopicOnceAndNeitherTheClientTotalNorTheDeadLetters() {
        MetricsPage page = MetricsPage.parse(GATEWAY);
        assertThat(Counters.consumed(page, Counters.COMMAND_TOPICS)).isEqualTo(25);
        assertThat(Counters.hasSeries(page, Counters.COMMAND_TOPICS)).isTrue();
        assertThat(Counters.hasSeries(page, Counters.REPLY_TOPIC)).isFalse();
        assertThat(Counters.consumed(page, Counters.REPLY_TOPIC)).isZero();
    }

    @Test
    void shouldCountATopicPerGatewayIfRoutingNamesOne() {
        MetricsPage page = MetricsPage.parse("""
                kafka_consumer_fetch_manager_records_consumed_total{client_id="c",topic="device.commands.gw-1"} 7.0
                kafka_consumer_fetch_manager_records_consumed_total{client_id="c",topic="device_commands_gw-1"} 7.0
                """);
        assertThat(Counters.consumed(page, Counters.COMMAND_TOPICS)).isEqualTo(7);
    }

    @Test
    void shouldReadEscapedTagValuesAndSpecialValues() {
        MetricsPage page = MetricsPage.parse("""
                m{a="x \\"y\\", z",b="2"} NaN
                m{a="w"} +Inf 1764768000000
                """);
        assertThat(page.samples().get(0).tags()).isEqualTo(Map.of("a", "x \"y\", z", "b", "2"));
        assertThat(page.samples().get(0).value()).isNaN();
        assertThat(page.sum("m", "a", "w"::equals)).isInfinite();
    }

    @Test
    void shouldSubtractReadingsIntoAWindow() {
        Counters start = new Counters(1_000_000_000L, List.of(10L, 20L), List.of(100L, 100L), List.of(5L), List.of(7L), 1000);
        Counters end = new Counters(3_000_000_000L, List.of(15L, 40L), List.of(160L, 130L), List.of(9L), List.of(17L), 1600);
        Counters w = end.minus(start);
        assertThat(w.seconds()).isEqualTo(2.0);
        assertThat(w.gatewayCpu()).containsExactly(5L, 20L);
        assertThat(Counters.total(w.commandRecords())).isEqualTo(90);
        assertThat(w.replyRecords()).containsExactly(10L);
        assertThat(w.redisCommands()).isEqualTo(600);
    }
}
