package io.switchboard.auth.domain;

/** A third-party webhook that is not applied: badly signed or shaped, or for a login that cannot take it. */
public final class WebhookRejected extends RuntimeException {
    /** Why; {@link #outcome()} is the {@code outcome} tag of {@code qr.webhooks} and the problem's code. */
    public enum Reason {
        PAYLOAD_TOO_LARGE("payload_too_large"),
        INVALID_SIGNATURE("invalid_signature"),
        TIMESTAMP_OUT_OF_RANGE("webhook_timestamp_out_of_range"),
        INVALID_BODY("invalid_webhook_body"),
        KEY_UNKNOWN("qr_key_unknown"),
        LOGIN_EXPIRED("qr_login_expired"),
        INVALID_TRANSITION("invalid_transition");

        private final String outcome;

        Reason(String outcome) {
            this.outcome = outcome;
        }

        public String outcome() {
            return outcome;
        }
    }

    private final Reason reason;
    private final String currentState;
    private final String event;

    private WebhookRejected(Reason reason, String detail, String currentState, String event) {
        super(detail, null, false, false);
        this.reason = reason;
        this.currentState = currentState;
        this.event = event;
    }

    private WebhookRejected(Reason reason, String detail) {
        this(reason, detail, null, null);
    }

    public static WebhookRejected tooLarge(int maxBytes) {
        return new WebhookRejected(Reason.PAYLOAD_TOO_LARGE, "The body exceeds " + maxBytes + " bytes");
    }

    public static WebhookRejected badSignature(String detail) {
        return new WebhookRejected(Reason.INVALID_SIGNATURE, detail);
    }

    public static WebhookRejected timestampOutOfRange() {
        return new WebhookRejected(Reason.TIMESTAMP_OUT_OF_RANGE, "webhook-timestamp is too far from the current time");
    }

    public static WebhookRejected invalidBody(String detail) {
        return new WebhookRejected(Reason.INVALID_BODY, detail);
    }

    public static WebhookRejected keyUnknown() {
        return new WebhookRejected(Reason.KEY_UNKNOWN, "No login waits for this qrCodeKey");
    }

    public static WebhookRejected loginExpired() {
        return new WebhookRejected(Reason.LOGIN_EXPIRED, "The login for this qrCodeKey has expired");
    }

    public static WebhookRejected invalidTransition(String currentState, String event) {
        return new WebhookRejected(Reason.INVALID_TRANSITION,
                "Event '" + event + "' is not allowed in state '" + currentState + "'", currentState, event);
    }

    public Reason reason() {
        return reason;
    }

    /** The login's state, for {@link Reason#INVALID_TRANSITION}; else null. */
    public String currentState() {
        return currentState;
    }

    /** The refused event, for {@link Reason#INVALID_TRANSITION}; else null. */
    public String event() {
        return event;
    }
}
