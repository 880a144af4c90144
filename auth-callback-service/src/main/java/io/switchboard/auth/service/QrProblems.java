package io.switchboard.auth.service;

import io.switchboard.common.problem.Problem;
import io.switchboard.common.problem.ProblemException;
import java.time.Duration;
import java.util.Map;

/** Every problem this service answers with, by stable code (the list is in {@code docs/qr-login.md}). */
public final class QrProblems {

    private QrProblems() {
    }

    public static ProblemException loginNotFound(String loginId) {
        return ProblemException.of(404, "qr_login_not_found", "QR login not found", "No QR login " + loginId);
    }

    public static ProblemException bindingMissing() {
        return ProblemException.of(403, "qr_binding_missing", "Binding cookie missing",
                "This login belongs to the browser that started it; its binding cookie was not sent");
    }

    public static ProblemException bindingMismatch() {
        return ProblemException.of(403, "qr_binding_mismatch", "Binding cookie does not match",
                "This login belongs to another browser");
    }

    public static ProblemException badRequest(String code, String detail) {
        return ProblemException.of(400, code, "Bad request", detail);
    }

    public static ProblemException tooManyWaiters() {
        return withRetry(Problem.of(503, "too_many_waiters", "Too many waiting requests",
                "This instance holds its maximum of waiting requests; retry shortly"), Duration.ofSeconds(1));
    }

    public static ProblemException rateLimited(Duration retryAfter) {
        return withRetry(Problem.of(429, "rate_limited", "Too many logins",
                "Too many QR logins started from this address; retry later"), retryAfter);
    }

    public static ProblemException thirdPartyUnavailable(String detail) {
        return withRetry(Problem.of(503, "third_party_unavailable", "Third party unavailable", detail), Duration.ofSeconds(5));
    }

    public static ProblemException businessLogBacklog() {
        return withRetry(Problem.of(503, "business_log_backlog", "Login temporarily refused",
                "Too many login records wait for the business log; retry shortly"), Duration.ofSeconds(5));
    }

    public static ProblemException thirdPartyBadResponse(String detail) {
        return ProblemException.of(502, "third_party_bad_response", "Bad answer from the third party", detail);
    }

    public static ProblemException invalidSignature(String detail) {
        return ProblemException.of(401, "invalid_signature", "Invalid webhook signature", detail);
    }

    public static ProblemException timestampOutOfRange() {
        return ProblemException.of(401, "webhook_timestamp_out_of_range", "Webhook timestamp out of range",
                "webhook-timestamp is too far from the current time");
    }

    public static ProblemException payloadTooLarge(int max) {
        return ProblemException.of(413, "payload_too_large", "Payload too large", "The body exceeds " + max + " bytes");
    }

    public static ProblemException keyUnknown() {
        return ProblemException.of(404, "qr_key_unknown", "Unknown qrCodeKey", "No login waits for this qrCodeKey");
    }

    public static ProblemException loginExpired() {
        return ProblemException.of(409, "qr_login_expired", "QR login expired", "The login for this qrCodeKey has expired");
    }

    public static ProblemException invalidTransition(String current, String event) {
        return new ProblemException(Problem.of(409, "invalid_transition", "Invalid transition",
                "Event '" + event + "' is not allowed in state '" + current + "'")
                .with(Map.of("currentState", current, "event", event)));
    }

    public static ProblemException sessionTokenUnavailable() {
        return ProblemException.of(500, "session_token_unavailable", "Session token unavailable",
                "The session token could not be signed; the grant is kept, retry");
    }

    public static ProblemException notFound() {
        return ProblemException.of(404, "not_found", "Not Found", "Not Found");
    }

    private static ProblemException withRetry(Problem problem, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ProblemException(problem, Map.of("Retry-After", Long.toString(seconds)));
    }
}
