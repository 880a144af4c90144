package io.switchboard.command.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.messaging.CommandProducer;
import io.switchboard.command.store.DeliveryFence;
import io.switchboard.common.presence.GatewayRoute;
import io.switchboard.common.wire.DeviceCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Hands a command to Kafka within a budget. When Kafka did not acknowledge it in time (or refused it),
 * the command is fenced so that no gateway ever delivers it later; if a gateway had already claimed it,
 * the record did reach Kafka and the command goes on as sent.
 */
@ApplicationScoped
class CommandHandover {
    /** What became of a command given to Kafka. */
    public enum Outcome {
        /** Kafka acknowledged it. */
        SENT,
        /** Not acknowledged in time, but a gateway already claimed it: it is on its way to the device. */
        HANDED_OVER,
        /** Not acknowledged in time and fenced: never sent, never delivered. */
        FENCED,
        /** Not acknowledged in time and the fence could not be written (Redis): the outcome is unknown. */
        UNKNOWN
    }

    private final CommandProducer producer;
    private final DeliveryFence fence;
    private final Counter fenced;
    private final Counter handedOver;
    private final Counter fenceFailed;

    CommandHandover(CommandProducer producer, DeliveryFence fence, MeterRegistry registry) {
        this.producer = producer;
        this.fence = fence;
        this.fenced = counter(registry, "fenced");
        this.handedOver = counter(registry, "handed_over");
        this.fenceFailed = counter(registry, "fence_failed");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("switchboard.commands.send.failed")
                .description("commands Kafka did not acknowledge within their send budget, by what became of them")
                .tag("outcome", outcome).register(registry);
    }

    /** Sends the command along {@code route}; never fails, the outcome says what happened. */
    public Uni<Outcome> send(DeviceCommand command, GatewayRoute route, Duration budget) {
        return producer.send(command, route)
                .ifNoItem().after(budget).fail()
                .replaceWith(Outcome.SENT)
                .onFailure().recoverWithUni(t -> fence(command, budget, t));
    }

    private Uni<Outcome> fence(DeviceCommand command, Duration budget, Throwable why) {
        String cause = why instanceof TimeoutException ? "not acknowledged within " + budget.toMillis() + " ms" : why.toString();
        return fence.fence(command.commandId())
                .map(won -> {
                    if (won) {
                        fenced.increment();
                        Log.warnf("[device %s][command %s] Kafka did not take the command (%s): fenced, never delivered",
                                command.deviceId(), command.commandId(), cause);
                        return Outcome.FENCED;
                    }
                    handedOver.increment();
                    Log.infof("[device %s][command %s] Kafka acknowledgement missing (%s) but a gateway already claimed it: sent",
                            command.deviceId(), command.commandId(), cause);
                    return Outcome.HANDED_OVER;
                })
                .onFailure().recoverWithItem(t -> {
                    fenceFailed.increment();
                    Log.warnf("[device %s][command %s] Kafka did not take the command (%s) and the fence failed (%s): outcome unknown",
                            command.deviceId(), command.commandId(), cause, t.toString());
                    return Outcome.UNKNOWN;
                });
    }
}
