package io.switchboard.auth.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.domain.WebhookAck;
import io.switchboard.auth.domain.WebhookPayload;
import io.switchboard.auth.domain.WebhookRejected;
import io.switchboard.auth.store.LoginStore;
import io.switchboard.auth.store.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The third party's {@code scanned|granted|denied} webhooks: signature and timestamp first (nothing is
 * read or written before), then the replay check and the transition in one Redis script. Every outcome
 * is counted in {@code qr.webhooks{outcome}}; a webhook not applied fails with {@link WebhookRejected}.
 */
@ApplicationScoped
public class WebhookService {
    private static final int MAX_ID_LENGTH = 256;
    private final WebhookSecrets secrets;
    private final LoginStore store;
    private final TransitionLog transitions;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final QrConfig config;
    private final Expiry expiry;
    private final QrTraces traces;

    WebhookService(WebhookSecrets secrets, LoginStore store, TransitionLog transitions, ObjectMapper json,
                   MeterRegistry registry, QrConfig config, Expiry expiry, QrTraces traces) {
        this.secrets = secrets;
        this.store = store;
        this.transitions = transitions;
        this.json = json;
        this.registry = registry;
        this.config = config;
        this.expiry = expiry;
        this.traces = traces;
    }

    public Uni<WebhookAck> receive(String id, String timestamp, String signature, byte[] body) {
        try {
            WebhookPayload payload = verifiedPayload(id, timestamp, signature, body);
            return apply(id, payload).invoke(ack -> count(ack.outcome()))
                    .onFailure(WebhookRejected.class).invoke(t -> count(((WebhookRejected) t).reason().outcome()));
        } catch (WebhookRejected e) {
            count(e.reason().outcome());
            return Uni.createFrom().failure(e);
        }
    }

    /** Signature, timestamp and body checks, in that order; package-private for the fuzz test. */
    WebhookPayload verifiedPayload(String id, String timestamp, String signature, byte[] body) {
        int max = config.webhook().maxBodyBytes();
        if (body.length > max) {
            throw WebhookRejected.tooLarge(max);
        }
        if (!secrets.configured()) {
            throw WebhookRejected.badSignature("No webhook secret is configured");
        }
        switch (StandardWebhooks.verify(secrets.keys(), id, timestamp, signature, body, Instant.now(),
                config.webhook().tolerance())) {
            case VALID -> { }
            case MISSING_HEADERS -> throw WebhookRejected.badSignature(
                    "webhook-id, webhook-timestamp and webhook-signature are required");
            case BAD_TIMESTAMP -> throw WebhookRejected.badSignature("webhook-timestamp must be Unix seconds");
            case TIMESTAMP_OUT_OF_RANGE -> throw WebhookRejected.timestampOutOfRange();
            default -> throw WebhookRejected.badSignature("No signature matches the body");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw WebhookRejected.invalidBody("webhook-id is longer than " + MAX_ID_LENGTH);
        }
        WebhookPayload payload;
        try {
            payload = json.readValue(body, WebhookPayload.class);
        } catch (Exception e) {
            throw WebhookRejected.invalidBody("The body is not a webhook payload");
        }
        if (payload == null || payload.qrCodeKey() == null || payload.qrCodeKey().isBlank() || payload.target().isEmpty()) {
            throw WebhookRejected.invalidBody("qrCodeKey and event (scanned|granted|denied) are required");
        }
        if (payload.target().get() == LoginState.GRANTED && payload.userId().isEmpty()) {
            throw WebhookRejected.invalidBody("a granted event needs user.id");
        }
        return payload;
    }

    private Uni<WebhookAck> apply(String id, WebhookPayload payload) {
        LoginState target = payload.target().orElseThrow();
        String user = payload.user() == null || payload.user().isNull() ? null : payload.user().toString();
        String traceparent = traces.currentTraceparent(); // this request's span, for the waiter's replica
        return store.webhookSeen(id).flatMap(seen -> seen
                ? Uni.createFrom().item(new WebhookAck("duplicate", null))
                : store.loginIdForKey(payload.qrCodeKey()).flatMap(loginId -> loginId
                        .map(l -> store.applyEvent(l, payload.qrCodeKey(), target, user, payload.userId().orElse(null), id,
                                        Instant.now(), traceparent)
                                .map(o -> ack(l, target, payload, o)))
                        .orElseGet(() -> Uni.createFrom().failure(WebhookRejected.keyUnknown()))));
    }

    private WebhookAck ack(String loginId, LoginState target, WebhookPayload payload, Outcome o) {
        return switch (o.kind()) {
            case OK -> {
                transitions.recorded(loginId, target, o.previousOr(null), o.outboxDepth());
                if (target == LoginState.GRANTED) {
                    expiry.wakeBy(Instant.now().plus(config.grantTtl())); // the grant's claim window ends then
                }
                yield new WebhookAck("applied", target);
            }
            case DUPLICATE -> new WebhookAck("duplicate", null);
            case UNCHANGED -> new WebhookAck("unchanged", o.previousOr(target));
            case UNKNOWN -> throw WebhookRejected.keyUnknown();
            case EXPIRED_NOW -> {
                transitions.recorded(loginId, LoginState.EXPIRED, o.previousOr(null), o.outboxDepth());
                throw WebhookRejected.loginExpired();
            }
            case INVALID -> {
                LoginState current = o.previousOr(LoginState.EXPIRED);
                Log.infof("[login %s] %s refused in state %s", loginId, target.wire(), current.wire());
                throw current == LoginState.EXPIRED ? WebhookRejected.loginExpired()
                        : WebhookRejected.invalidTransition(current.wire(), payload.event());
            }
        };
    }

    private void count(String outcome) {
        registry.counter("switchboard.qr.webhooks", "outcome", outcome).increment();
    }
}
