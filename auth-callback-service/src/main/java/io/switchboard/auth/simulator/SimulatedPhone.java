package io.switchboard.auth.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.service.StandardWebhooks;
import io.switchboard.auth.service.WebhookSecrets;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * What the third party's server does when the person acts on the phone: a real HTTP POST to our webhook,
 * signed per Standard Webhooks with the first configured secret.
 */
@ApplicationScoped
public class SimulatedPhone {
    private final HttpClient http;
    private final WebhookSecrets secrets;
    private final ObjectMapper json;

    SimulatedPhone(Vertx vertx, WebhookSecrets secrets, ObjectMapper json) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(3000).setIdleTimeout(30));
        this.secrets = secrets;
        this.json = json;
    }

    /** The webhook's answer: HTTP status and body (status 0 when it was not sent). */
    public record Delivery(int status, String body) {
    }

    public Uni<Delivery> send(String webhookUrl, String qrCodeKey, String event, String userId, String userName) {
        if (!secrets.configured()) {
            return Uni.createFrom().item(new Delivery(0, "qr.webhook.secrets is not set: nothing to sign with"));
        }
        ObjectNode body = json.createObjectNode().put("qrCodeKey", qrCodeKey).put("event", event);
        body.putObject("user").put("id", userId).put("name", userName);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        long timestamp = Instant.now().getEpochSecond();
        String signature = StandardWebhooks.sign(secrets.keys().get(0), id, timestamp, bytes);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(webhookUrl)
                .putHeader("content-type", "application/json").putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", Long.toString(timestamp)).putHeader("webhook-signature", signature)
                .setTimeout(5000);
        return http.request(options)
                .flatMap(request -> request.send(Buffer.buffer(bytes)))
                .flatMap(response -> response.body().map(b -> new Delivery(response.statusCode(), b.toString())))
                .invoke(d -> Log.infof("[sim] %s for %s answered %d", event, qrCodeKey, d.status()))
                .onFailure().recoverWithItem(t -> new Delivery(0, "webhook not delivered: " + t.getMessage()));
    }
}
