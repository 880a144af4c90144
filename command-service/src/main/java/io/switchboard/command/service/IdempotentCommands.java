package io.switchboard.command.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.domain.Caller;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.CommandRequest;
import io.switchboard.command.domain.IdempotencyRefused;
import io.switchboard.command.domain.Submission;
import io.switchboard.command.store.IdempotencyStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code Idempotency-Key} semantics: the same key and body returns the stored outcome and never sends
 * twice; another body, or a retry while the first is in flight, is {@link IdempotencyRefused}. Keys are the caller's own
 * (namespaced by token subject, see {@link IdempotencyStore#redisKey}). A key is released whenever its
 * command was certainly not handed to Kafka: any failure before the send (device offline, too many waiting,
 * Redis failing, anything unexpected) and a command fenced because Kafka did not take it; it is kept once
 * the command may have been sent, so a retry never sends it twice.
 */
@ApplicationScoped
public class IdempotentCommands {
    /** Longest accepted {@code Idempotency-Key}, in characters ({@link IdempotencyRefused#invalidKey} beyond). */
    public static final int MAX_KEY_LENGTH = 255;

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
            return commands.submit(commandId, deviceId, request, async, caller.subject());
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            return Uni.createFrom().failure(IdempotencyRefused.invalidKey(MAX_KEY_LENGTH));
        }
        String hash = parser.hash(deviceId, request);
        return keys.reserve(caller.subject(), key, hash, commandId)
                .onFailure().call(failure -> release(caller, key, commandId, failure)) // the SET may have been applied
                .chain(reservation -> {
            if (reservation.first()) {
                return commands.prepare(commandId, deviceId, request, async, caller.subject())
                        .onFailure().call(failure -> release(caller, key, commandId, failure))
                        .chain(prepared -> commands.send(prepared)
                                .call(s -> s instanceof Submission.NotSent ? release(caller, key, commandId, null)
                                        : Uni.createFrom().voidItem()));
            }
            if (!reservation.bodyHash().equals(hash)) {
                return Uni.createFrom().failure(IdempotencyRefused.reused());
            }
            return commands.find(reservation.commandId()).map(found -> {
                CommandRecord record = found.orElseThrow(IdempotencyRefused::inFlight);
                if (!record.terminal()) {
                    throw IdempotencyRefused.inFlight(record);
                }
                if (CommandService.BROKER_UNAVAILABLE.equals(record.reason())) {
                    return new Submission.NotSent(record); // fenced, and its key could not be released then
                }
                return record.status().equals("timed_out") ? new Submission.TimedOut(record) : new Submission.Finished(record);
            });
        });
    }

    /** Frees the key of a command that was never sent; a release that fails leaves the key to its TTL, and says so. */
    private Uni<Void> release(Caller caller, String key, String commandId, Throwable why) {
        return keys.release(caller.subject(), key, commandId)
                .onFailure().recoverWithUni(t -> {
                    Log.warnf("[command %s] not sent (%s), but its Idempotency-Key could not be released (%s): "
                            + "retries with that key may answer 409 until it expires (commands.idempotency-ttl)", commandId,
                            why == null ? "fenced" : why.toString(), t.toString());
                    return Uni.createFrom().voidItem();
                });
    }
}
