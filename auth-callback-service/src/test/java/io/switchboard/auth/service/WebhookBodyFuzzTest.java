package io.switchboard.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.domain.WebhookPayload;
import io.switchboard.auth.domain.WebhookRejected;
import io.switchboard.auth.rest.QrProblems;
import io.switchboard.common.problem.Problem;
import io.switchboard.testsupport.fuzz.ConfigDefaults;
import io.switchboard.testsupport.fuzz.QuarkusJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Any delivery to {@code POST /api/callbacks/qr-grants} (the three Standard Webhooks headers and the raw body) is
 * checked by {@link WebhookService#verifiedPayload} as the endpoint checks it, before Redis is touched: either a
 * payload with a key and a known event (and a user id when granted), or a 4xx problem with one of the documented
 * codes. Never another exception. Input: four lines, {@code webhook-id}, {@code webhook-timestamp} ({@code now}
 * stands for the current time), {@code webhook-signature} ({@code sign} stands for the valid signature of this
 * delivery) and the body, so that the fuzzer gets past the signature to the body.
 */
class WebhookBodyFuzzTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Set<String> CODES = Set.of("invalid_signature", "webhook_timestamp_out_of_range",
            "invalid_webhook_body", "payload_too_large");
    private static final QrConfig CONFIG = ConfigDefaults.of(QrConfig.class,
            Map.of("webhook.secrets", Optional.of(List.of(SECRET))));
    private static final WebhookService SERVICE = new WebhookService(new WebhookSecrets(CONFIG), null, null,
            QuarkusJson.mapper(), new SimpleMeterRegistry(), CONFIG, null, null);

    @FuzzTest(maxDuration = "30s")
    void anyWebhookDeliveryIsAPayloadOrA4xxProblem(byte[] input) {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 4);
        String id = lines[0];
        String timestamp = lines.length > 1 ? lines[1] : null;
        String signature = lines.length > 2 ? lines[2] : null;
        byte[] body = (lines.length > 3 ? lines[3] : "").getBytes(StandardCharsets.UTF_8);
        if ("now".equals(timestamp)) {
            timestamp = Long.toString(Instant.now().getEpochSecond());
        }
        if ("sign".equals(signature) && timestamp != null && timestamp.matches("\\d{1,18}")) {
            signature = StandardWebhooks.sign(StandardWebhooks.decodeSecret(SECRET), id, Long.parseLong(timestamp), body);
        }

        WebhookPayload payload;
        try {
            payload = SERVICE.verifiedPayload(id, timestamp, signature, body);
        } catch (WebhookRejected e) {
            jakarta.ws.rs.core.Response answer = new QrProblems().webhookRejected(e);
            assertThat(answer.getStatus()).isBetween(400, 499);
            assertThat(CODES).contains(((Problem) answer.getEntity()).code());
            return;
        }
        assertThat(payload.qrCodeKey()).isNotBlank();
        assertThat(payload.target()).isPresent();
        if (payload.target().get() == LoginState.GRANTED) {
            assertThat(payload.userId()).isPresent();
        }
        // what the store keeps of the user (WebhookService.apply)
        if (payload.user() != null && !payload.user().isNull()) {
            assertThat(payload.user().toString()).isNotEmpty();
        }
    }
}
