package io.switchboard.system.faults.platform;

import io.switchboard.testsupport.Tokens;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A caller of one command-service replica: {@code POST /api/devices/{id}/commands}, {@code GET} and {@code DELETE}
 * {@code /api/commands/{id}}.
 */
public final class Commands {
    private final ServiceNode node;
    private final String token = Tokens.of("operator", "op-faults");

    public Commands(ServiceNode node) {
        this.node = node;
    }

    /**
     * Sends {@code method} with {@code params} (a JSON object) and {@code timeoutMs}; the client gives up
     * {@code timeoutMs} + 30 s later (status 0), far past any answer the contract allows.
     */
    public CompletableFuture<Http.Reply> send(String deviceId, String method, String params, long timeoutMs,
                                              String idempotencyKey) {
        String body = "{\"method\":\"" + method + "\",\"params\":" + params + ",\"timeoutMs\":" + timeoutMs + "}";
        return Http.post(node.base() + "/api/devices/" + deviceId + "/commands", body,
                Duration.ofMillis(timeoutMs + 30_000), "Authorization", "Bearer " + token,
                "Idempotency-Key", idempotencyKey);
    }

    public Http.Reply sendNow(String deviceId, String params, long timeoutMs) {
        return send(deviceId, "dispense", params, timeoutMs, null).join();
    }

    /**
     * Sends {@code dispense} with {@code params}, to be held for the machine while it is offline for {@code ttlMs}
     * ({@code delivery.whenOffline: queue}); answers at once (202 queued while the machine is offline).
     */
    public Http.Reply queue(String deviceId, String params, long timeoutMs, long ttlMs) {
        String body = "{\"method\":\"dispense\",\"params\":" + params + ",\"timeoutMs\":" + timeoutMs
                + ",\"delivery\":{\"whenOffline\":\"queue\",\"ttlMs\":" + ttlMs + "}}";
        return Http.post(node.base() + "/api/devices/" + deviceId + "/commands", body, Duration.ofSeconds(10),
                "Authorization", "Bearer " + token, "Prefer", "respond-async").join();
    }

    /** {@code POST /api/jobs} with {@code json}. */
    public Http.Reply createJob(String json) {
        return Http.post(node.base() + "/api/jobs", json, Duration.ofSeconds(10), "Authorization", "Bearer " + token).join();
    }

    /** {@code GET /api/jobs/{id}}, with the first page of its machines. */
    public Http.Reply job(String jobId) {
        return Http.get(node.base() + "/api/jobs/" + jobId + "?limit=500", Duration.ofSeconds(10), "Authorization", "Bearer " + token);
    }

    /** {@code DELETE /api/commands/{id}}: cancels a queued command. */
    public Http.Reply cancel(String commandId) {
        return Http.delete(node.base() + "/api/commands/" + commandId, Duration.ofSeconds(10),
                "Authorization", "Bearer " + token);
    }

    /** The command's record; with {@code waitMs} > 0 held until it ends. */
    public Http.Reply get(String commandId, long waitMs) {
        String query = waitMs > 0 ? "?waitMs=" + waitMs : "";
        return Http.get(node.base() + "/api/commands/" + commandId + query, Duration.ofMillis(waitMs + 10_000),
                "Authorization", "Bearer " + token);
    }

    /** {@code GET /api/devices/{id}}: 200 with the presence (naming the gateway) or 404. */
    public Http.Reply presence(String deviceId) {
        return Http.get(node.base() + "/api/devices/" + deviceId, Duration.ofSeconds(5), "Authorization", "Bearer " + token);
    }
}
