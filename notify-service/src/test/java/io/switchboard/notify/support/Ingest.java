package io.switchboard.notify.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.Tokens;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts events in the way upstream systems do: POST /api/events as a service, or a record on Kafka notify.events. */
public final class Ingest {
    public static final String SERVICE_TOKEN = Tokens.of("service", "orders-service");

    private Ingest() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> event(String id, String channel, String type, Object data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("channel", channel);
        e.put("type", type);
        e.put("data", data);
        return e;
    }

    /** POSTs the event and returns the 202 body. */
    public static JsonNode post(Map<String, Object> event) {
        String body = given().auth().oauth2(SERVICE_TOKEN).contentType(ContentType.JSON).body(event)
                .when().post("/api/events").then().statusCode(202).extract().asString();
        try {
            return Browser.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    public static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p);
    }

    /** Produces one record to notify.events and waits for the broker's ack. */
    public static void produce(KafkaProducer<String, String> producer, String key, String value) {
        try {
            producer.send(new ProducerRecord<>("notify.events", key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
    }

    public static String json(Object value) {
        try {
            return Browser.JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
