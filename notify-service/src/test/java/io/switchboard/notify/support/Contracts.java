package io.switchboard.notify.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;

/** The contract examples shipped in {@code src/main/resources/contracts/}, which the tests hold the service to. */
public final class Contracts {
    private Contracts() {
    }

    public static JsonNode read(String name) {
        try (InputStream in = Contracts.class.getClassLoader().getResourceAsStream("contracts/" + name)) {
            return Browser.JSON.readTree(in);
        } catch (Exception e) {
            throw new AssertionError("contract file " + name, e);
        }
    }

    public static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
