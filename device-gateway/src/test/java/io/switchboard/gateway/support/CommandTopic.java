package io.switchboard.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testsupport.Infra;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes commands to the real {@code device.commands}, as command-service does (key = device id). */
public final class CommandTopic implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA), new StringSerializer(), new StringSerializer());

    /** A {@code DeviceCommand} value: method {@code dispense}, the given params ({@code {}} when null). */
    public static String value(String deviceId, String commandId, Instant deadline, JsonNode params) {
        return JSON.createObjectNode().put("commandId", commandId).put("deviceId", deviceId).put("method", "dispense")
                .put("deadline", deadline.toString()).put("issuedAt", Instant.now().toString())
                .set("params", params == null ? JSON.createObjectNode() : params).toString();
    }

    /** Writes the command and waits for the broker; {@code headers}: name, value pairs. */
    public void send(String deviceId, String commandId, Instant deadline, JsonNode params, String... headers) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>("device.commands", deviceId,
                value(deviceId, commandId, deadline, params));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            record.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record).get(10, TimeUnit.SECONDS);
    }

    /** The partitions of {@code device.commands}. */
    public int partitions() {
        return producer.partitionsFor("device.commands").size();
    }

    @Override
    public void close() {
        producer.close();
    }
}
