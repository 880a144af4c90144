package io.switchboard.command.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.CommandStatus;
import io.switchboard.command.domain.NotCancellable;
import io.switchboard.command.store.CommandStore;
import io.switchboard.command.store.DeliveryFence;
import io.switchboard.common.wire.DeviceReply;
import io.switchboard.common.wire.QueuedCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Commands that wait for an offline machine (docs/commands.md): the entry a queued command leaves in its machine's
 * queue, its cancellation and the end of its wait. A gateway writes a queued command only after winning its
 * deliver-once key; cancelling and expiring take that key first ({@link DeliveryFence}), so exactly one of them
 * decides: the command is either delivered, or cancelled / expired and never delivered.
 */
@ApplicationScoped
public class CommandQueue {
    private final CommandStore store;
    private final DeliveryFence fence;
    private final ObjectMapper json;

    CommandQueue(CommandStore store, DeliveryFence fence, ObjectMapper json) {
        this.store = store;
        this.fence = fence;
        this.json = json;
    }

    /** The queue entry of a new command (a {@link QueuedCommand} as JSON). */
    String entry(CommandRecord record, Instant queuedUntil) {
        try {
            return json.writeValueAsString(new QueuedCommand(record.commandId(), record.deviceId(), record.method(),
                    record.params(), record.timeoutMs(), queuedUntil, record.createdAt()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("queue entry not written", e);
        }
    }

    /**
     * Cancels a queued command: {@code cancelled}, out of the queue, never delivered. Fails with {@link NotCancellable}
     * (and changes nothing) when it is not queued any more, or a gateway is writing it right now.
     */
    public Uni<CommandRecord> cancel(CommandRecord record) {
        if (record.state() != CommandStatus.QUEUED) {
            return Uni.createFrom().failure(new NotCancellable(record));
        }
        String commandId = record.commandId();
        Duration waitLeft = Duration.between(Instant.now(), record.queuedUntil()).plusMinutes(1);
        return fence.fence(commandId, waitLeft).chain(fenced -> {
            if (!fenced) { // a gateway claimed it first: it is being, or was, written
                return store.find(commandId).map(now -> {
                    throw new NotCancellable(now.orElse(record));
                });
            }
            return store.transition(commandId, CommandStatus.CANCELLED, null, null, null)
                    .call(() -> unqueue(record))
                    .chain(() -> store.find(commandId))
                    .map(now -> {
                        CommandRecord current = now.orElse(record);
                        if (current.state() != CommandStatus.CANCELLED) {
                            throw new NotCancellable(current); // its wait had just ended: expired, equally never sent
                        }
                        Log.infof("[device %s][command %s] cancelled while queued", record.deviceId(), commandId);
                        return current;
                    });
        });
    }

    /**
     * A queued command read after its wait ended and not taken by a gateway: {@code expired} ({@code ttl_passed}), out
     * of the queue. When a gateway claimed it first, the record is answered as it is (its report follows).
     */
    public Uni<Optional<CommandRecord>> expire(CommandRecord record) {
        String commandId = record.commandId();
        return fence.fence(commandId).chain(fenced -> !fenced ? Uni.createFrom().item(Optional.of(record))
                : store.transition(commandId, CommandStatus.EXPIRED, null, "reason", DeviceReply.TTL_PASSED)
                        .call(() -> unqueue(record))
                        .chain(() -> store.find(commandId)));
    }

    private Uni<Void> unqueue(CommandRecord record) {
        return store.unqueue(record.commandId(), record.deviceId()).onFailure().recoverWithUni(t -> {
            // fenced already: a gateway that reads the entry drops it without writing
            Log.debugf("[command %s] queue entry not removed: %s", record.commandId(), t.toString());
            return Uni.createFrom().voidItem();
        });
    }
}
