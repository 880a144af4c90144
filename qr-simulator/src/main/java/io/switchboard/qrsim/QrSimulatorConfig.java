package io.switchboard.qrsim;

import java.time.Duration;

/**
 * How the simulated third party runs.
 *
 * @param port          listening port; 0 takes a free one ({@link QrSimulator#port()} says which)
 * @param webhookUrl    where the phone's buttons post the signed webhook: auth-callback-service's
 *                      {@code /api/callbacks/qr-grants}
 * @param webhookSecret the {@code whsec_<base64>} secret the webhooks are signed with; one of auth's
 *                      {@code qr.webhook.secrets}
 * @param phoneBaseUrl  base URL the QR code opens; null means this simulator's own URL as called
 * @param keyTtl        how long an issued qrCodeKey is known to the phone page
 */
public record QrSimulatorConfig(int port, String webhookUrl, String webhookSecret, String phoneBaseUrl,
                                Duration keyTtl) {

    public QrSimulatorConfig {
        if (webhookUrl == null || webhookUrl.isBlank()) {
            throw new IllegalArgumentException("webhookUrl is required");
        }
        if (webhookSecret == null || webhookSecret.isBlank()) {
            throw new IllegalArgumentException("webhookSecret (whsec_<base64>) is required");
        }
    }

    /** A simulator on a free port, signing for {@code webhookUrl} with {@code webhookSecret}, keys known 10 min. */
    public static QrSimulatorConfig of(String webhookUrl, String webhookSecret) {
        return new QrSimulatorConfig(0, webhookUrl, webhookSecret, null, Duration.ofMinutes(10));
    }
}
