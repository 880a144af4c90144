package io.switchboard.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.wire.DeviceCommand;
import io.switchboard.common.wire.DeviceReply;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.messaging.CommandForwarder;
import io.switchboard.gateway.messaging.GatewayPublisher;
import io.switchboard.gateway.store.RouteStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalInt;

/**
 * A command read by this gateway for a device it does not hold. command-service wrote it to a partition this gateway
 * reads because the device was here (or the route was not known then); since then the device left. If another
 * gateway holds it now, the command is forwarded once, to that gateway's partition; otherwise (nobody holds it, or it
 * was forwarded already) it is reported EXPIRED with reason {@code device_disconnected}: never written, and the caller
 * learns it at once instead of at its timeout. A holder that publishes no route is left to deliver it: a gateway of a
 * version before routing reads every command (docs/routing.md, rolling upgrade), so reporting it would answer 409 for a
 * command that machine may carry out.
 */
@ApplicationScoped
class CommandRouting {
    private final RouteStore routes;
    private final CommandForwarder forwarder;
    private final GatewayPublisher publisher;
    private final GatewayConfig config;
    private final Counter forwarded;
    private final Counter disconnected;
    private final Counter unrouted;

    CommandRouting(RouteStore routes, CommandForwarder forwarder, GatewayPublisher publisher, GatewayConfig config,
                   MeterRegistry registry) {
        this.routes = routes;
        this.forwarder = forwarder;
        this.publisher = publisher;
        this.config = config;
        this.forwarded = registry.counter("switchboard.gateway.commands", "outcome", "forwarded");
        this.disconnected = registry.counter("switchboard.gateway.commands", "outcome", "disconnected");
        this.unrouted = registry.counter("switchboard.gateway.commands", "outcome", "left_to_unrouted_holder");
    }

    /** Forwards or reports a command whose device this gateway does not hold; {@code wasForwarded}: it came forwarded. */
    Uni<Void> notHere(DeviceCommand command, boolean wasForwarded) {
        return routes.locate(command.deviceId()).chain(found -> {
            if (found.isPresent() && !wasForwarded && !config.instanceId().equals(found.get().gateway())) {
                OptionalInt partition = found.get().route().partitionFor(command.deviceId());
                if (partition.isPresent()) {
                    return forward(command, found.get().gateway(), partition.getAsInt());
                }
                if (!found.get().gateway().isEmpty()) {
                    leave(command, found.get().gateway());
                    return Uni.createFrom().voidItem();
                }
            }
            report(command, found.map(RouteStore.Located::gateway).orElse(null), wasForwarded);
            return Uni.createFrom().voidItem();
        }).onFailure().recoverWithUni(t -> {
            // Redis is away: nothing known, nothing reported; the caller's timeout answers
            Log.warnf("[device %s][command %s] not held here and not located: %s", command.deviceId(), command.commandId(), t.toString());
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> forward(DeviceCommand command, String gateway, int partition) {
        return forwarder.forward(command, partition)
                .invoke(() -> {
                    forwarded.increment();
                    Log.debugf("[device %s][command %s] device moved to %s: forwarded to partition %d",
                            command.deviceId(), command.commandId(), gateway, partition);
                })
                .onFailure().recoverWithItem(t -> {
                    Log.warnf("[device %s][command %s] device moved to %s, forwarding failed: %s",
                            command.deviceId(), command.commandId(), gateway, t.toString());
                    return null;
                });
    }

    /** The holder publishes no route: an older gateway that reads every command and delivers this one itself. */
    private void leave(DeviceCommand command, String holder) {
        unrouted.increment();
        Log.debugf("[device %s][command %s] held by %s, which publishes no route: left to it", command.deviceId(),
                command.commandId(), holder);
    }

    private void report(DeviceCommand command, String holder, boolean wasForwarded) {
        disconnected.increment();
        Log.infof("[device %s][command %s] device not connected here%s: not sent", command.deviceId(), command.commandId(),
                holder == null ? " nor elsewhere" : wasForwarded ? " (forwarded once already; now on " + holder + ")" : "");
        publisher.reply(DeviceReply.disconnected(command.commandId(), command.deviceId(), config.instanceId()));
    }
}
