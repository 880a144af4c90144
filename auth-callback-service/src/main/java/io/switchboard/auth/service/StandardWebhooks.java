package io.switchboard.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks (standardwebhooks.com) symmetric signatures: {@code v1,<base64 HMAC-SHA256 of
 * "{webhook-id}.{webhook-timestamp}.{raw body}">}, several space-separated in {@code webhook-signature}.
 */
public final class StandardWebhooks {
    private static final String PREFIX = "whsec_";

    /** Why a delivery was accepted or not. */
    public enum Verdict { VALID, MISSING_HEADERS, BAD_TIMESTAMP, TIMESTAMP_OUT_OF_RANGE, NO_MATCHING_SIGNATURE }

    private StandardWebhooks() {
    }

    /** The key bytes of a {@code whsec_<base64>} secret (the prefix is optional). */
    public static byte[] decodeSecret(String secret) {
        String s = secret.trim();
        return Base64.getDecoder().decode(s.startsWith(PREFIX) ? s.substring(PREFIX.length()) : s);
    }

    /** The {@code v1,...} signature of one delivery. */
    public static String sign(byte[] key, String id, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id, Long.toString(timestamp), body));
    }

    /** Checks headers, the timestamp window and the signatures against every key, in constant time per pair. */
    public static Verdict verify(List<byte[]> keys, String id, String timestamp, String signatures, byte[] body,
                                 Instant now, Duration tolerance) {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signatures)) {
            return Verdict.MISSING_HEADERS;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        if (!withinTolerance(now.getEpochSecond(), ts, tolerance)) {
            return Verdict.TIMESTAMP_OUT_OF_RANGE;
        }
        for (byte[] key : keys) {
            byte[] expected = hmac(key, id, timestamp.trim(), body);
            for (String candidate : signatures.trim().split(" +")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected, decode(candidate.substring(3)))) {
                    return Verdict.VALID;
                }
            }
        }
        return Verdict.NO_MATCHING_SIGNATURE;
    }

    /** |now - ts| <= tolerance, without overflow: now + Long.MIN_VALUE made {@code Math.abs(now - ts)} negative. */
    private static boolean withinTolerance(long now, long ts, Duration tolerance) {
        try {
            return Math.abs(Math.subtractExact(now, ts)) <= tolerance.toSeconds();
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static byte[] hmac(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
