package io.switchboard.auth.client;

/** The third party's answer: the key it will name in webhooks and the URL the phone opens. */
public record Credential(String qrCodeKey, String qrUrl) {
}
