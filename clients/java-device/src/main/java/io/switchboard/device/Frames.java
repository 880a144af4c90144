package io.switchboard.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The JSON-RPC 2.0 frames of the device link (device-command-frame.json, device-response.json, device-notification.json). */
final class Frames {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int INTERNAL_ERROR = -32603;
    static final int METHOD_NOT_FOUND = -32601;
    static final int DEADLINE_EXCEEDED = -32004;

    private Frames() {
    }

    static String result(JsonNode id, Object result) {
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0");
        frame.set("id", id);
        frame.set("result", result instanceof JsonNode node ? node : JSON.valueToTree(result));
        return frame.toString();
    }

    static String error(JsonNode id, int code, String message, Object data) {
        ObjectNode error = JSON.createObjectNode().put("code", code).put("message", message == null ? "" : message);
        if (data != null) {
            error.set("data", data instanceof JsonNode node ? node : JSON.valueToTree(data));
        }
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0");
        frame.set("id", id);
        frame.set("error", error);
        return frame.toString();
    }

    static String notification(String method, Object params) {
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            frame.set("params", params instanceof JsonNode node ? node : JSON.valueToTree(params));
        }
        return frame.toString();
    }

    static String request(String id, String method) {
        return JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method).toString();
    }

    /** A command frame's params, {@code _meta} removed. */
    static Command command(JsonNode id, String method, JsonNode params) {
        JsonNode meta = params.path("_meta");
        ObjectNode own = params.isObject() ? ((ObjectNode) params).deepCopy() : JSON.createObjectNode();
        own.remove("_meta");
        String traceparent = meta.path("traceparent").isTextual() ? meta.get("traceparent").asText() : null;
        return new Command(id.asText(), method, own, instant(meta.path("deadline").asText(null)), traceparent);
    }

    /** An RFC 3339 time, or null when absent or unreadable. */
    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
