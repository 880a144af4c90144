package io.switchboard.command.domain;

/** A {@code DELETE} of a command that is no longer queued (a gateway took it, or it ended): nothing was changed. */
public final class NotCancellable extends RuntimeException {
    private final CommandRecord command;

    public NotCancellable(CommandRecord command) {
        super("Command " + command.commandId() + " is " + command.status() + ", not queued: it can no longer be cancelled",
                null, false, false);
        this.command = command;
    }

    public CommandRecord command() {
        return command;
    }
}
