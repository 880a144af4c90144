package io.switchboard.command.domain;

/** A command body that is not a valid {@link CommandRequest}; the message says what is wrong with it. */
public final class InvalidCommand extends RuntimeException {
    public InvalidCommand(String detail) {
        super(detail, null, false, false);
    }
}
