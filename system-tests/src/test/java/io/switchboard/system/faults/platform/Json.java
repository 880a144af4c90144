package io.switchboard.system.faults.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One shared Jackson mapper; text that is not JSON reads as a text node, so a failure message can show it. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static JsonNode read(String text) {
        if (text == null || text.isEmpty()) {
            return MAPPER.nullNode();
        }
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            return MAPPER.getNodeFactory().textNode(text);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
