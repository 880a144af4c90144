package io.switchboard.command.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.command.domain.Caller;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.CommandRequest;
import io.switchboard.command.domain.Submission;
import io.switchboard.command.store.IdempotencyStore;
import io.switchboard.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code Idempotency-Key} semantics: the same key and body returns the stored outcome and never sends
 * twice; another body is 422; a retry while the first is in flight is 409. A key whose command was
 * never sent (device offline, or fenced because Kafka did not take it) is released so a later retry can send it.
 */
@ApplicationScoped
public class IdempotentCommands {
    private final CommandService commands;
    private final IdempotencyStore keys;
    private final CommandRequestParser parser;

    IdempotentCommands(CommandService commands, IdempotencyStore keys, CommandRequestParser parser) {
        this.commands = commands;
        this.keys = keys;
        this.parser = parser;
    }

    public Uni<Submission> submit(Caller caller, String deviceId, CommandRequest request, String key, boolean async) {
        String commandId = CommandService.newCommandId();
        if (key == null) {
            return commands.submit(commandId, deviceId, request, async);
        }
        if (key.isBlank() || key.length() > 255) {
            return Uni.createFrom().failure(ProblemException.of(400, "invalid_idempotency_key",
                    "Invalid Idempotency-Key", "An Idempotency-Key is 1 to 255 characters"));
        }
        String hash = parser.hash(deviceId, request);
        return keys.reserve(caller.subject(), key, hash, commandId).chain(reservation -> {
            if (reservation.first()) {
                return commands.submit(commandId, deviceId, request, async)
                        .call(s -> s instanceof Submission.NotSent ? keys.release(caller.subject(), key) : Uni.createFrom().voidItem())
                        .onFailure(ProblemException.class).call(() -> keys.release(caller.subject(), key));
            }
            if (!reservation.bodyHash().equals(hash)) {
                return Uni.createFrom().failure(ProblemException.of(422, "idempotency_key_reused",
                        "Idempotency-Key reused", "This Idempotency-Key was used with a different request"));
            }
            return commands.find(reservation.commandId()).map(found -> {
                CommandRecord record = found.orElseThrow(() -> ProblemException.of(409, "idempotency_in_flight",
                        "Request in flight", "The first request with this Idempotency-Key is still being processed"));
                if (!record.terminal()) {
                    throw ProblemException.of(409, "idempotency_in_flight", "Request in flight",
                            "Command " + record.commandId() + " of this Idempotency-Key is still " + record.status());
                }
                if (CommandService.BROKER_UNAVAILABLE.equals(record.reason())) {
                    return new Submission.NotSent(record); // fenced, and its key could not be released then
                }
                return record.status().equals("timed_out") ? new Submission.TimedOut(record) : new Submission.Finished(record);
            });
        });
    }
}
