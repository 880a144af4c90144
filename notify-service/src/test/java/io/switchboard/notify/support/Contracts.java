package io.switchboard.notify.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testsupport.ContractSchemas;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contract examples shipped in {@code src/main/resources/contracts/}, which the tests hold the service to; each is
 * valid against its schema in contract/schemas (checked on every read).
 */
public final class Contracts {
    private Contracts() {
    }

    /** Each example's schema; for subscribe.json, its request and its response. */
    private static final Map<String, List<String>> SCHEMAS = Map.of(
            "notify-event.json", List.of("kafka-notify-event.json"),
            "receipt.json", List.of("kafka-receipt.json"),
            "event-notification.json", List.of("browser-event-notification.json"),
            "subscribe.json", List.of("browser-subscribe-request.json", "browser-subscribe-result.json"));

    public static JsonNode read(String name) {
        JsonNode example;
        try (InputStream in = Contracts.class.getClassLoader().getResourceAsStream("contracts/" + name)) {
            example = Browser.JSON.readTree(in);
        } catch (Exception e) {
            throw new AssertionError("contract file " + name, e);
        }
        List<String> schemas = SCHEMAS.get(name);
        if (schemas == null) {
            throw new AssertionError("no schema named for contracts/" + name + " (Contracts.SCHEMAS)");
        }
        if (schemas.size() == 1) {
            ContractSchemas.assertValid(schemas.get(0), example.toString());
        } else {
            ContractSchemas.assertValid(schemas.get(0), example.get("request").toString());
            ContractSchemas.assertValid(schemas.get(1), example.get("response").toString());
        }
        return example;
    }

    public static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
