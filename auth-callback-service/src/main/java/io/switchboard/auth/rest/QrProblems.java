package io.switchboard.auth.rest;

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
import io.switchboard.common.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every problem this service answers with, by stable code (the list is in {@code docs/qr-login.md}): one mapper
 * per exception the services throw, and the resources' own 400s.
 */
public class QrProblems {
    private static final Duration RETRY_LATER = Duration.ofSeconds(5);
    private static final Problem TOO_MANY_WAITERS = Problem.of(503, "too_many_waiters", "Too many waiting requests",
            "This instance holds its maximum of waiting requests; retry shortly");
    private static final Problem OVERLOADED = Problem.of(503, "overloaded", "Too much work queued",
            "This instance's queue of QR images and token signatures is full; retry shortly");
    private static final Problem BUSINESS_LOG_BACKLOG = Problem.of(503, "business_log_backlog", "Login temporarily refused",
            "Too many login records wait for the business log; retry shortly");
    private static final Problem SESSION_TOKEN_UNAVAILABLE = Problem.of(500, "session_token_unavailable",
            "Session token unavailable", "The session token could not be signed; the grant is kept, retry");

    static ProblemException badRequest(String code, String detail) {
        return ProblemException.of(400, code, "Bad request", detail);
    }

    @ServerExceptionMapper
    public Response loginNotFound(LoginNotFound e) {
        return answer(Problem.of(404, "qr_login_not_found", "QR login not found", "No QR login " + e.loginId()));
    }

    @ServerExceptionMapper
    public Response bindingRefused(BindingRefused e) {
        return answer(switch (e.reason()) {
            case MISSING -> Problem.of(403, "qr_binding_missing", "Binding cookie missing",
                    "This login belongs to the browser that started it; its binding cookie was not sent");
            case MISMATCH -> Problem.of(403, "qr_binding_mismatch", "Binding cookie does not match",
                    "This login belongs to another browser");
        });
    }

    /** Retry-After 1 s: long-polls end within seconds, and free their places. */
    @ServerExceptionMapper
    public Response tooManyWaiters(TooManyWaiters e) {
        return answer(TOO_MANY_WAITERS, Duration.ofSeconds(1));
    }

    /** Retry-After 1 s: a render or signature takes milliseconds, so the queue drains fast. */
    @ServerExceptionMapper
    public Response overloaded(Overloaded e) {
        return answer(OVERLOADED, Duration.ofSeconds(1));
    }

    /** Retry-After: until the address's window resets. */
    @ServerExceptionMapper
    public Response rateLimited(RateLimited e) {
        return answer(Problem.of(429, "rate_limited", "Too many logins",
                "Too many QR logins started from this address; retry later"), e.retryAfter());
    }

    @ServerExceptionMapper
    public Response thirdPartyUnavailable(ThirdPartyUnavailable e) {
        return answer(Problem.of(503, "third_party_unavailable", "Third party unavailable", e.getMessage()), RETRY_LATER);
    }

    @ServerExceptionMapper
    public Response thirdPartyBadResponse(ThirdPartyBadResponse e) {
        return answer(Problem.of(502, "third_party_bad_response", "Bad answer from the third party", e.getMessage()));
    }

    /** Retry-After 5 s: the outbox drains once Kafka takes records again. */
    @ServerExceptionMapper
    public Response businessLogBacklog(BusinessLogBacklog e) {
        return answer(BUSINESS_LOG_BACKLOG, RETRY_LATER);
    }

    @ServerExceptionMapper
    public Response sessionTokenUnavailable(SessionTokenUnavailable e) {
        return answer(SESSION_TOKEN_UNAVAILABLE);
    }

    @ServerExceptionMapper
    public Response webhookRejected(WebhookRejected e) {
        String code = e.reason().outcome();
        return answer(switch (e.reason()) {
            case PAYLOAD_TOO_LARGE -> Problem.of(413, code, "Payload too large", e.getMessage());
            case INVALID_SIGNATURE -> Problem.of(401, code, "Invalid webhook signature", e.getMessage());
            case TIMESTAMP_OUT_OF_RANGE -> Problem.of(401, code, "Webhook timestamp out of range", e.getMessage());
            case INVALID_BODY -> Problem.of(400, code, "Bad request", e.getMessage());
            case KEY_UNKNOWN -> Problem.of(404, code, "Unknown qrCodeKey", e.getMessage());
            case LOGIN_EXPIRED -> Problem.of(409, code, "QR login expired", e.getMessage());
            case INVALID_TRANSITION -> Problem.of(409, code, "Invalid transition", e.getMessage())
                    .with(Map.of("currentState", e.currentState(), "event", e.event()));
        });
    }

    private static Response answer(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Response answer(Problem problem, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).header("Retry-After", Long.toString(seconds))
                .entity(problem).build();
    }
}
