package io.switchboard.auth.domain;

import java.time.Instant;

/** 201 answer of {@code POST /api/qr-logins}. {@code qrImage} is a {@code data:image/png;base64,...} URI. */
public record LoginCreated(String loginId, String qrContent, String qrImage, Instant expiresAt, long pollIntervalMs) {
}
