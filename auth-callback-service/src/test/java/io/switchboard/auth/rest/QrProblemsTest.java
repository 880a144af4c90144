package io.switchboard.auth.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.domain.BindingRefused;
import io.switchboard.auth.domain.BusinessLogBacklog;
import io.switchboard.auth.domain.LoginNotFound;
import io.switchboard.auth.domain.Overloaded;
import io.switchboard.auth.domain.RateLimited;
import io.switchboard.auth.domain.SessionTokenUnavailable;
import io.switchboard.auth.domain.ThirdPartyBadResponse;
import io.switchboard.auth.domain.ThirdPartyUnavailable;
import io.switchboard.auth.domain.TooManyWaiters;
import io.switchboard.auth.domain.WebhookRejected;
import io.switchboard.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each refusal of the services answers exactly the problem documented in {@code docs/qr-login.md}: status, code,
 * title, detail and Retry-After. The HTTP tests pin the codes on the wire; this pins every field of every mapping,
 * those no HTTP test reaches too (too_many_waiters, overloaded, session_token_unavailable).
 */
class QrProblemsTest {
    private final QrProblems problems = new QrProblems();

    @Test
    void shouldAnswer503TooManyWaitersWithRetryAfterOneSecond() {
        assertProblem(problems.tooManyWaiters(new TooManyWaiters()), 503, "too_many_waiters", "Too many waiting requests",
                "This instance holds its maximum of waiting requests; retry shortly", "1");
    }

    @Test
    void shouldAnswer503OverloadedWithRetryAfterOneSecond() {
        assertProblem(problems.overloaded(new Overloaded()), 503, "overloaded", "Too much work queued",
                "This instance's queue of QR images and token signatures is full; retry shortly", "1");
    }

    @Test
    void shouldAnswer500SessionTokenUnavailable() {
        assertProblem(problems.sessionTokenUnavailable(new SessionTokenUnavailable(new IllegalStateException("no key"))),
                500, "session_token_unavailable", "Session token unavailable",
                "The session token could not be signed; the grant is kept, retry", null);
    }

    @Test
    void shouldAnswer429RateLimitedWithTheWindowRoundedUpToSeconds() {
        assertProblem(problems.rateLimited(new RateLimited(Duration.ofMillis(12_001))), 429, "rate_limited", "Too many logins",
                "Too many QR logins started from this address; retry later", "13");
        assertThat(problems.rateLimited(new RateLimited(Duration.ZERO)).getHeaderString("Retry-After")).isEqualTo("1");
    }

    @Test
    void shouldAnswerTheThirdPartyProblemsWithTheirDetail() {
        assertProblem(problems.thirdPartyUnavailable(new ThirdPartyUnavailable("down")), 503, "third_party_unavailable",
                "Third party unavailable", "down", "5");
        assertProblem(problems.thirdPartyBadResponse(new ThirdPartyBadResponse("garbage")), 502, "third_party_bad_response",
                "Bad answer from the third party", "garbage", null);
        assertProblem(problems.businessLogBacklog(new BusinessLogBacklog()), 503, "business_log_backlog",
                "Login temporarily refused", "Too many login records wait for the business log; retry shortly", "5");
    }

    @Test
    void shouldAnswer404And403ForAnUnknownOrForeignLogin() {
        assertProblem(problems.loginNotFound(new LoginNotFound("ql_1")), 404, "qr_login_not_found", "QR login not found",
                "No QR login ql_1", null);
        assertProblem(problems.bindingRefused(new BindingRefused(BindingRefused.Reason.MISSING)), 403, "qr_binding_missing",
                "Binding cookie missing", "This login belongs to the browser that started it; its binding cookie was not sent", null);
        assertProblem(problems.bindingRefused(new BindingRefused(BindingRefused.Reason.MISMATCH)), 403, "qr_binding_mismatch",
                "Binding cookie does not match", "This login belongs to another browser", null);
    }

    @Test
    void shouldAnswerEachRefusedWebhookWithItsStatusAndCode() {
        assertProblem(problems.webhookRejected(WebhookRejected.tooLarge(65536)), 413, "payload_too_large", "Payload too large",
                "The body exceeds 65536 bytes", null);
        assertProblem(problems.webhookRejected(WebhookRejected.badSignature("No signature matches the body")), 401,
                "invalid_signature", "Invalid webhook signature", "No signature matches the body", null);
        assertProblem(problems.webhookRejected(WebhookRejected.timestampOutOfRange()), 401, "webhook_timestamp_out_of_range",
                "Webhook timestamp out of range", "webhook-timestamp is too far from the current time", null);
        assertProblem(problems.webhookRejected(WebhookRejected.invalidBody("a granted event needs user.id")), 400,
                "invalid_webhook_body", "Bad request", "a granted event needs user.id", null);
        assertProblem(problems.webhookRejected(WebhookRejected.keyUnknown()), 404, "qr_key_unknown", "Unknown qrCodeKey",
                "No login waits for this qrCodeKey", null);
        assertProblem(problems.webhookRejected(WebhookRejected.loginExpired()), 409, "qr_login_expired", "QR login expired",
                "The login for this qrCodeKey has expired", null);
        Response transition = problems.webhookRejected(WebhookRejected.invalidTransition("denied", "granted"));
        assertProblem(transition, 409, "invalid_transition", "Invalid transition",
                "Event 'granted' is not allowed in state 'denied'", null);
        assertThat(((Problem) transition.getEntity()).any()).isEqualTo(Map.of("currentState", "denied", "event", "granted"));
    }

    private static void assertProblem(Response r, int status, String code, String title, String detail, String retryAfter) {
        assertThat(r.getStatus()).isEqualTo(status);
        assertThat(r.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo(retryAfter);
        Problem p = (Problem) r.getEntity();
        assertThat(p.status()).isEqualTo(status);
        assertThat(p.code()).isEqualTo(code);
        assertThat(p.type()).isEqualTo("https://switchboard.io/problems/" + code.replace('_', '-'));
        assertThat(p.title()).isEqualTo(title);
        assertThat(p.detail()).isEqualTo(detail);
    }
}
