package io.switchboard.command.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.domain.CommandStatus;
import io.switchboard.command.store.CommandStore;
import io.switchboard.common.flow.InFlight;
import io.switchboard.common.wire.DeviceReply;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records what gateways report on {@code device.replies}. All replicas share one consumer group, so
 * each report is recorded once; the waiting replica learns the end through Redis (see Waiters). Values are read by
 * {@code DeviceReplyDeserializer} (common/wire); one it refuses is copied to {@code device.replies.dlq}.
 */
@ApplicationScoped
public class ReplyConsumer {
    /** Reports are recorded concurrently (the Lua transition is order-tolerant), at most this many at once. */
    private final InFlight inFlight = new InFlight(512);
    private final CommandStore store;

    ReplyConsumer(CommandStore store) {
        this.store = store;
    }

    /** A record that is not a reply with kind and commandId never gets here: it goes to {@code device.replies.dlq}. */
    @Incoming("device-replies")
    public Uni<Void> consume(DeviceReply reply) {
        Change change = Change.of(reply);
        return inFlight.submit(() -> record(reply, change.to(), change.field(), change.payload()));
    }

    /** The state change a report asks for, with the member it records. */
    private record Change(CommandStatus to, String field, String payload) {
        static Change of(DeviceReply reply) {
            return switch (reply.kind()) {
                case DELIVERED -> new Change(CommandStatus.DELIVERED, null, null);
                case EXPIRED -> new Change(CommandStatus.EXPIRED, "reason", reply.expiredReason());
                case RESULT -> new Change(CommandStatus.SUCCEEDED, "result", String.valueOf(reply.result()));
                case ERROR -> new Change(CommandStatus.FAILED, "error", String.valueOf(reply.error()));
            };
        }
    }

    private Uni<Void> record(DeviceReply reply, CommandStatus to, String field, String payload) {
        return store.transition(reply.commandId(), to, reply.deviceId(), field, payload)
                .onFailure().retry().withBackOff(Duration.ofMillis(50), Duration.ofSeconds(2)).atMost(8)
                .invoke(t -> {
                    switch (t.result()) {
                        case APPLIED -> Log.debugf("[device %s][command %s] %s -> %s", reply.deviceId(),
                                reply.commandId(), t.previous() == null ? "?" : t.previous().wire(), to.wire());
                        case WRONG_DEVICE -> Log.warnf("[device %s][command %s] answer from a device that does not own the command: ignored",
                                reply.deviceId(), reply.commandId());
                        case UNKNOWN -> Log.debugf("[device %s][command %s] answer for an unknown command: ignored",
                                reply.deviceId(), reply.commandId());
                        default -> { }
                    }
                })
                .onFailure().invoke(t -> Log.warnf(t, "[command %s] reply not recorded", reply.commandId()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
