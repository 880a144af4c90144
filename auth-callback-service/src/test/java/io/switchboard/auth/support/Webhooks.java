package io.switchboard.auth.support;

import io.switchboard.auth.service.StandardWebhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Signs and sends third-party webhooks like a Standard Webhooks sender, with the %test secrets. */
public final class Webhooks {
    /** The secret being rotated out (first in %test {@code qr.webhook.secrets}). */
    public static final String OLD_SECRET = "whsec_QaA/mxxuxy/AuD4J1n9U+gClGXGAUkET";
    /** The secret being rotated in (second). */
    public static final String NEW_SECRET = "whsec_BAiuayrPRWnrpY9MIQaQTgcy0YsxXRCm";
    private final URI base;

    public Webhooks(URI base) {
        this.base = base;
    }

    public static String body(String qrCodeKey, String event, String userId) {
        String user = userId == null ? "" : ",\"user\":{\"id\":\"" + userId + "\",\"name\":\"Ada Lovelace\",\"tier\":\"gold\"}";
        return "{\"qrCodeKey\":\"" + qrCodeKey + "\",\"event\":\"" + event + "\"" + user + "}";
    }

    public static String newId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static String sign(String secret, String id, long timestamp, String body) {
        return StandardWebhooks.sign(StandardWebhooks.decodeSecret(secret), id, timestamp,
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** A correctly signed delivery now, with the new secret. */
    public HttpResponse<String> send(String qrCodeKey, String event, String userId) {
        String body = body(qrCodeKey, event, userId);
        String id = newId();
        long ts = Instant.now().getEpochSecond();
        return raw(id, Long.toString(ts), sign(NEW_SECRET, id, ts, body), body);
    }

    /** Sends exactly these headers (null = absent) and body. */
    public HttpResponse<String> raw(String id, String timestamp, String signature, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/callbacks/qr-grants"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (id != null) {
            b.header("webhook-id", id);
        }
        if (timestamp != null) {
            b.header("webhook-timestamp", timestamp);
        }
        if (signature != null) {
            b.header("webhook-signature", signature);
        }
        return Browser.send(b.build());
    }
}
