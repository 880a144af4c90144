package io.switchboard.qrsim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the third party's server does when the person acts on the phone: a real HTTP POST to the webhook,
 * signed per Standard Webhooks ({@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}).
 */
final class WebhookSender {
    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
    private final HttpClient http;
    private final String webhookUrl;
    private final SecretKeySpec key;

    WebhookSender(Vertx vertx, String webhookUrl, String whsecSecret) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(3000).setIdleTimeout(30));
        this.webhookUrl = webhookUrl;
        this.key = key(whsecSecret);
    }

    /** The HMAC key of a {@code whsec_<base64>} secret; IllegalArgumentException when it is not base64. */
    static SecretKeySpec key(String whsecSecret) {
        String s = whsecSecret.trim();
        return new SecretKeySpec(Base64.getDecoder().decode(s.startsWith("whsec_") ? s.substring(6) : s), "HmacSHA256");
    }

    /** The webhook's answer: HTTP status and body (status 0 when it was not delivered). */
    record Delivery(int status, String body) {
    }

    Future<Delivery> send(String qrCodeKey, String event, String userId, String userName) {
        JsonObject body = new JsonObject().put("qrCodeKey", qrCodeKey).put("event", event)
                .put("user", new JsonObject().put("id", userId).put("name", userName));
        byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        long timestamp = Instant.now().getEpochSecond();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(webhookUrl)
                .putHeader("content-type", "application/json").putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", sign(id, timestamp, bytes)).setTimeout(5000);
        return http.request(options)
                .compose(request -> request.send(Buffer.buffer(bytes)))
                .compose(response -> response.body().map(b -> new Delivery(response.statusCode(), b.toString())))
                .onSuccess(d -> LOG.info(() -> "[sim] " + event + " for " + qrCodeKey + " answered " + d.status()))
                .recover(t -> Future.succeededFuture(new Delivery(0, "webhook not delivered: " + t.getMessage())));
    }

    private String sign(String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
