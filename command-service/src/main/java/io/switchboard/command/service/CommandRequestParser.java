package io.switchboard.command.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.CommandRequest;
import io.switchboard.command.domain.InvalidCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Validates a command body and computes its canonical hash (for Idempotency-Key comparison). */
@ApplicationScoped
public class CommandRequestParser {
    private static final Pattern METHOD = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-/]{0,63}");
    private static final Set<String> FIELDS = Set.of("method", "params", "timeoutMs", "delivery");
    private static final Set<String> DELIVERY_FIELDS = Set.of("whenOffline", "ttlMs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandConfig config;

    CommandRequestParser(CommandConfig config) {
        this.config = config;
    }

    /** The validated request; fails with {@link InvalidCommand} saying what is wrong with the body. */
    public CommandRequest parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            throw new InvalidCommand("The body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidCommand("The body must be a JSON object {\"method\",\"params\",\"timeoutMs\"}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new InvalidCommand("Unknown field '" + f + "'; allowed: method, params, timeoutMs, delivery");
            }
        }
        JsonNode method = root.get("method");
        if (method == null || !method.isTextual() || !METHOD.matcher(method.asText()).matches()) {
            throw new InvalidCommand("'method' must be a name of 1..64 letters, digits, '_', '.', '-' or '/', starting with a letter");
        }
        if (method.asText().equals("ping") || method.asText().startsWith("rpc.")) {
            throw new InvalidCommand("'method' " + method.asText() + " is reserved by the device link");
        }
        JsonNode params = root.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new InvalidCommand("'params' must be a JSON object");
        }
        ObjectNode p = params == null || params.isNull() ? JSON.createObjectNode() : (ObjectNode) params;
        if (p.has("_meta")) {
            throw new InvalidCommand("'params._meta' is set by the platform");
        }
        if (depth(p) > config.maxParamsDepth()) {
            throw new InvalidCommand("'params' nests deeper than " + config.maxParamsDepth() + " levels");
        }
        int timeout = config.defaultTimeoutMs();
        JsonNode t = root.get("timeoutMs");
        if (t != null && !t.isNull()) {
            if (!t.canConvertToInt() || !t.isIntegralNumber() || t.asInt() < config.minTimeoutMs() || t.asInt() > config.maxTimeoutMs()) {
                throw new InvalidCommand("'timeoutMs' must be a whole number from " + config.minTimeoutMs() + " to " + config.maxTimeoutMs());
            }
            timeout = t.asInt();
        }
        return new CommandRequest(method.asText(), p, timeout, queueFor(root.get("delivery")));
    }

    /** {@code "delivery": {"whenOffline": "queue" | "fail", "ttlMs": N}}: how long it may wait, null for fail. */
    private Duration queueFor(JsonNode delivery) {
        if (delivery == null || delivery.isNull()) {
            return null;
        }
        if (!delivery.isObject()) {
            throw new InvalidCommand("'delivery' must be an object {\"whenOffline\":\"queue\"|\"fail\",\"ttlMs\":N}");
        }
        for (Iterator<String> it = delivery.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!DELIVERY_FIELDS.contains(f)) {
                throw new InvalidCommand("Unknown field 'delivery." + f + "'; allowed: whenOffline, ttlMs");
            }
        }
        JsonNode when = delivery.get("whenOffline");
        String mode = when == null || when.isNull() ? "fail" : when.isTextual() ? when.asText() : "";
        if (!mode.equals("queue") && !mode.equals("fail")) {
            throw new InvalidCommand("'delivery.whenOffline' must be \"queue\" or \"fail\"");
        }
        JsonNode ttl = delivery.get("ttlMs");
        if (mode.equals("fail")) {
            if (ttl != null && !ttl.isNull()) {
                throw new InvalidCommand("'delivery.ttlMs' needs \"whenOffline\": \"queue\"");
            }
            return null;
        }
        if (ttl == null || ttl.isNull()) {
            return config.queue().defaultTtl();
        }
        long min = config.queue().minTtl().toMillis();
        long max = config.queue().maxTtl().toMillis();
        if (!ttl.isIntegralNumber() || !ttl.canConvertToLong() || ttl.asLong() < min || ttl.asLong() > max) {
            throw new InvalidCommand("'delivery.ttlMs' must be a whole number from " + min + " to " + max);
        }
        return Duration.ofMillis(ttl.asLong());
    }

    /** SHA-256 over the request with object keys sorted, so key order and spacing do not matter. */
    public String hash(String deviceId, CommandRequest request) {
        ObjectNode canonical = JSON.createObjectNode().put("deviceId", deviceId).put("method", request.method())
                .put("timeoutMs", request.timeoutMs());
        if (request.queueWhenOffline()) { // absent otherwise, so keys stored before queues still match their bodies
            canonical.put("queueForMs", request.queueFor().toMillis());
        }
        canonical.set("params", sorted(request.params()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    /** Nesting depth of a container (1 for a flat object), without recursion. */
    private static int depth(JsonNode root) {
        int deepest = 0;
        Deque<Map.Entry<JsonNode, Integer>> todo = new ArrayDeque<>();
        todo.push(Map.entry(root, 1));
        while (!todo.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = todo.pop();
            deepest = Math.max(deepest, next.getValue());
            for (JsonNode child : next.getKey()) {
                if (child.isContainerNode()) {
                    todo.push(Map.entry(child, next.getValue() + 1));
                }
            }
        }
        return deepest;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode out = JSON.createObjectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            var out = JSON.createArrayNode();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }
}
