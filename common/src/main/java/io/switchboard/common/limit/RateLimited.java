package io.switchboard.common.limit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.common.jsonrpc.JsonRpcFrames;

/** The frames and reasons of a refusal for rate: JSON-RPC -32007 with {@code data.retryAfterMs}, then close 1008. */
public final class RateLimited {
    public static final String MESSAGE = "rate limited";
    /** The close reason sent with 1008 to a client that kept going after -32007. */
    public static final String CLOSE_REASON = "rate limit exceeded";

    private RateLimited() {
    }

    /** {@code {"jsonrpc":"2.0","id":..,"error":{"code":-32007,"message":"rate limited","data":{"retryAfterMs":n}}}}. */
    public static String error(JsonNode id, long retryAfterMs) {
        return JsonRpcFrames.error(id, JsonRpcErrors.RATE_LIMITED, MESSAGE,
                JsonNodeFactory.instance.objectNode().put("retryAfterMs", retryAfterMs));
    }
}
