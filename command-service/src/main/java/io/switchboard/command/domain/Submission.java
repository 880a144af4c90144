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

    /**
     * Kafka did not take the command in time and it was fenced: it was never sent and no gateway will
     * ever deliver it. The record is {@code expired} with reason {@code broker_unavailable}.
     */
    record NotSent(CommandRecord command) implements Submission { }
}
