package io.switchboard.command.domain;

/** The outcome of submitting a command, before it is mapped to HTTP. */
public sealed interface Submission {
    CommandRecord command();

    /** The device answered (succeeded or failed), or the command reached another end state. */
    record Finished(CommandRecord command) implements Submission { }

    /** No answer in time: the record holds the last known status before the timeout. */
    record TimedOut(CommandRecord command) implements Submission { }

    /** {@code Prefer: respond-async}: accepted, the caller follows {@code Location}. */
    record Accepted(CommandRecord command) implements Submission { }
}
