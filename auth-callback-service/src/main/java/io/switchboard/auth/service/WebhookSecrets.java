package io.switchboard.auth.service;

import io.quarkus.logging.Log;
import io.switchboard.auth.config.QrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The decoded {@code qr.webhook.secrets}, in configured order. A malformed secret fails the start; none at
 * all means every webhook is refused.
 */
@ApplicationScoped
class WebhookSecrets {
    private final List<byte[]> keys;

    WebhookSecrets(QrConfig config) {
        List<String> raw = config.webhook().secrets().orElse(List.of()).stream().filter(s -> !s.isBlank()).toList();
        try {
            this.keys = raw.stream().map(StandardWebhooks::decodeSecret).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("qr.webhook.secrets: every secret must be whsec_<base64>", e);
        }
        if (keys.isEmpty()) {
            Log.warn("qr.webhook.secrets is not set: every webhook is refused with 401");
        }
    }

    public List<byte[]> keys() {
        return keys;
    }

    public boolean configured() {
        return !keys.isEmpty();
    }
}
