package io.switchboard.common.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One inbound JSON-RPC 2.0 frame, classified and validated. {@link #parse} never throws: a frame that is
 * not valid JSON-RPC comes back as {@link Invalid} carrying the error to answer with.
 */
public sealed interface JsonRpcMessage {

    /** A call that expects an answer. {@code params} is an object, an array or null. */
    record Request(JsonNode id, String method, JsonNode params) implements JsonRpcMessage { }

    /** A call without {@code id}: no answer, ever. */
    record Notification(String method, JsonNode params) implements JsonRpcMessage { }

    /** An answer to one of our requests: exactly one of {@code result} and {@code error} is set. */
    record Response(JsonNode id, JsonNode result, JsonNode error) implements JsonRpcMessage {
        public boolean isError() {
            return error != null;
        }
    }

    /** Not a valid frame; {@code id} is the frame's id when it could be read, else JSON null. */
    record Invalid(JsonNode id, int code, String message) implements JsonRpcMessage { }

    ObjectMapper JSON = new ObjectMapper();

    static JsonRpcMessage parse(String text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Invalid(NullNode.getInstance(), JsonRpcErrors.PARSE_ERROR, "Parse error: not valid JSON");
        }
        if (frame == null || !frame.isObject()) {
            String why = frame != null && frame.isArray() ? "batches are not supported" : "a frame must be a JSON object";
            return new Invalid(NullNode.getInstance(), JsonRpcErrors.INVALID_REQUEST, "Invalid Request: " + why);
        }
        JsonNode id = frame.get("id");
        boolean hasId = id != null;
        if (hasId && !(id.isTextual() || id.isIntegralNumber() || id.isNull())) {
            return new Invalid(NullNode.getInstance(), JsonRpcErrors.INVALID_REQUEST, "Invalid Request: id must be a string or a number");
        }
        JsonNode safeId = hasId ? id : NullNode.getInstance();
        if (!"2.0".equals(frame.path("jsonrpc").asText(null))) {
            return new Invalid(safeId, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: jsonrpc must be \"2.0\"");
        }
        JsonNode method = frame.get("method");
        if (method != null) {
            if (!method.isTextual() || method.asText().isEmpty()) {
                return new Invalid(safeId, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: method must be a non-empty string");
            }
            JsonNode params = frame.get("params");
            if (params != null && !(params.isObject() || params.isArray())) {
                return new Invalid(safeId, JsonRpcErrors.INVALID_PARAMS, "Invalid params: params must be an object or an array");
            }
            return hasId ? new Request(id, method.asText(), params) : new Notification(method.asText(), params);
        }
        boolean hasResult = frame.has("result");
        JsonNode error = frame.get("error");
        if (!hasId) {
            return new Invalid(safeId, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: neither a call nor a response");
        }
        if (hasResult == (error != null)) {
            return new Invalid(safeId, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: a response carries exactly one of result and error");
        }
        if (error != null && !(error.isObject() && error.path("code").isIntegralNumber() && error.path("message").isTextual())) {
            return new Invalid(safeId, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: error must be {code:int, message:string}");
        }
        return new Response(id, hasResult ? frame.get("result") : null, error);
    }
}
