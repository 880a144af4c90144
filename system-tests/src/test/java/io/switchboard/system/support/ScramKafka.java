package io.switchboard.system.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.switchboard.testsupport.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scram profile's broker ({@code scripts/infra.sh start scram}, 127.0.0.1:24092): SCRAM-SHA-512 required,
 * ACLs enforced, one user per KafkaUser of {@code deploy/base/kafka/users.yaml} with that KafkaUser's ACLs, and
 * the deployment's view of who may do what, read from the same files: the KafkaUsers' ACLs and the KafkaTopics
 * ({@code deploy/base/kafka/topics.yaml}). Credentials are the ones the script generated
 * ({@code .run/scram/credentials/<user>.jaas}: the {@code sasl.jaas.config} line, as in the user's Secret).
 */
public final class ScramKafka {
    public static final int KAFKA_PORT = Ports.port("SCRAM_KAFKA_PORT");
    public static final int REDIS_PORT = Ports.port("SCRAM_REDIS_PORT");
    public static final String KAFKA = "127.0.0.1:" + KAFKA_PORT;
    public static final String REDIS = "redis://127.0.0.1:" + REDIS_PORT;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One KafkaUser as deployed: the topics its ACLs let it write and read, its groups. */
    public record User(String name, Set<String> writes, Set<String> reads, Set<String> groups) {
    }

    private final Path root;
    private final Path credentials;

    public ScramKafka(Path root) {
        this.root = root;
        this.credentials = root.resolve(".run/scram/credentials");
    }

    /** Broker and Redis on empty data, topics, users and ACLs made (whatever an earlier run left is stopped). */
    public void start() {
        infra("start");
    }

    public void stop() {
        infra("stop");
    }

    /** Every KafkaUser of the deployment, by name. */
    public Map<String, User> users() {
        Map<String, User> users = new HashMap<>();
        for (JsonNode doc : documents("deploy/base/kafka/users.yaml", "KafkaUser")) {
            Set<String> writes = new TreeSet<>();
            Set<String> reads = new TreeSet<>();
            Set<String> groups = new TreeSet<>();
            for (JsonNode acl : doc.path("spec").path("authorization").path("acls")) {
                JsonNode r = acl.path("resource");
                if (!acl.path("type").asText("allow").equals("allow") || !r.path("patternType").asText("literal").equals("literal")) {
                    throw new IllegalStateException("this test knows literal allow ACLs only: " + acl);
                }
                Set<String> ops = new TreeSet<>();
                acl.path("operations").forEach(op -> ops.add(op.asText()));
                String name = r.path("name").asText();
                if (r.path("type").asText().equals("topic")) {
                    if (ops.contains("Write") || ops.contains("All")) {
                        writes.add(name);
                    }
                    if (ops.contains("Read") || ops.contains("All")) {
                        reads.add(name);
                    }
                } else if (r.path("type").asText().equals("group")) {
                    groups.add(name);
                }
            }
            String name = doc.path("metadata").path("name").asText();
            users.put(name, new User(name, writes, reads, groups));
        }
        return users;
    }

    /** The deployment's topics (KafkaTopics). */
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (JsonNode doc : documents("deploy/base/kafka/topics.yaml", "KafkaTopic")) {
            topics.add(doc.path("spec").path("topicName").asText(doc.path("metadata").path("name").asText()));
        }
        return topics;
    }

    /** The {@code sasl.jaas.config} line of {@code user} (a KafkaUser's name, or {@code admin}). */
    public String jaas(String user) {
        try {
            return Files.readString(credentials.resolve(user + ".jaas")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("no credentials for " + user + ": did scripts/infra.sh start scram run?", e);
        }
    }

    /** The environment a service takes its Kafka login from, as its Deployment sets it (deploy/README.md). */
    public Map<String, String> serviceEnv(String service) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", KAFKA,
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", jaas(service + "-kafka"),
                "QUARKUS_REDIS_HOSTS", REDIS);
    }

    /** A client's settings with {@code jaas} as its SCRAM login; null: no SASL at all (PLAINTEXT). */
    public static Map<String, Object> client(String jaas) {
        Map<String, Object> c = new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KAFKA,
                CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500"));
        if (jaas != null) {
            c.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            c.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
            c.put(SaslConfigs.SASL_JAAS_CONFIG, jaas);
        }
        return c;
    }

    public static KafkaProducer<String, String> producer(String jaas) {
        Map<String, Object> c = client(jaas);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaProducer<>(c);
    }

    public static KafkaConsumer<String, String> consumer(String jaas, String group) {
        Map<String, Object> c = client(jaas);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (group != null) {
            c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(c);
    }

    /** The super user's Admin client (ACLs, users). */
    public Admin admin() {
        return Admin.create(client(jaas("admin")));
    }

    private List<JsonNode> documents(String file, String kind) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(root.resolve(file).toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (kind.equals(doc.path("kind").asText())) {
                    out.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no " + kind + " in " + file);
        }
        return out;
    }

    private void infra(String command) {
        try {
            Files.createDirectories(root.resolve(".run"));
            Process p = new ProcessBuilder("bash", root.resolve("scripts/infra.sh").toString(), command, "scram")
                    .directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(".run/scram-infra.log").toFile()))
                    .start();
            if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/infra.sh " + command + " scram failed; see .run/scram-infra.log");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/infra.sh " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
