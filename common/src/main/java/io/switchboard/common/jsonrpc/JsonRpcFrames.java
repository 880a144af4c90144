package io.switchboard.common.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds outbound JSON-RPC 2.0 frames as text. */
public final class JsonRpcFrames {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRpcFrames() {
    }

    public static String result(JsonNode id, JsonNode result) {
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0");
        frame.set("id", id);
        frame.set("result", result);
        return frame.toString();
    }

    public static String result(JsonNode id, String text) {
        return result(id, JSON.getNodeFactory().textNode(text));
    }

    public static String error(JsonNode id, int code, String message) {
        return error(id, code, message, null);
    }

    public static String error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode error = JSON.createObjectNode().put("code", code).put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0");
        frame.set("id", id);
        frame.set("error", error);
        return frame.toString();
    }

    public static String request(String id, String method, JsonNode params) {
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        frame.set("params", params);
        return frame.toString();
    }

    public static String notification(String method, JsonNode params) {
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        frame.set("params", params);
        return frame.toString();
    }
}
