package io.switchboard.auth.rest;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.domain.WebhookAck;
import io.switchboard.auth.service.WebhookService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The third party's webhook, signed per Standard Webhooks; the signature covers the raw body bytes. */
@Path("/api/callbacks/qr-grants")
@Tag(name = "Third-party webhooks")
public class QrGrantCallbackResource {
    private final WebhookService webhooks;

    QrGrantCallbackResource(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A QR code was scanned, granted or denied on the phone")
    @APIResponse(responseCode = "200", description = "applied, duplicate (replayed webhook-id) or unchanged")
    @APIResponse(responseCode = "400", description = "invalid_webhook_body")
    @APIResponse(responseCode = "401", description = "invalid_signature, webhook_timestamp_out_of_range")
    @APIResponse(responseCode = "404", description = "qr_key_unknown")
    @APIResponse(responseCode = "409", description = "invalid_transition, qr_login_expired")
    @APIResponse(responseCode = "413", description = "body_too_large (over quarkus.http.limits.max-body-size, unread), payload_too_large (over a lower qr.webhook.max-body-bytes)")
    public Uni<WebhookAck> receive(@HeaderParam("webhook-id") String id,
                                   @HeaderParam("webhook-timestamp") String timestamp,
                                   @HeaderParam("webhook-signature") String signature, byte[] body) {
        return webhooks.receive(id, timestamp, signature, body == null ? new byte[0] : body);
    }
}
