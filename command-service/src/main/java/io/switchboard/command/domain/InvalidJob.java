package io.switchboard.command.domain;

/** A {@code POST /api/jobs} or group body that cannot be accepted; the message says why (400 {@code invalid_job}). */
public class InvalidJob extends RuntimeException {
    public InvalidJob(String message) {
        super(message, null, false, false);
    }
}
