package io.switchboard.gateway.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.common.jsonrpc.JsonRpcFrames;
import io.switchboard.common.wire.DeviceCommand;
import io.switchboard.common.wire.DeviceReply;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.domain.DeviceChannel;
import io.switchboard.gateway.domain.DeviceSession;
import io.switchboard.gateway.messaging.GatewayPublisher;
import io.switchboard.gateway.store.DeliveryLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes a command to its device's socket when this gateway holds the device (else {@link CommandRouting}): never after the
 * command's deadline (reported as EXPIRED instead), never twice for the same command id, never when
 * command-service fenced it (Kafka took it too late; nothing is reported, the command is already expired).
 * <p>
 * Fairness: one device holds at most {@code gateway.device-window} commands of the gateway's window
 * (more are answered failed at once), and a socket that stops taking frames is closed after
 * {@code gateway.write-timeout}, so a stalled device cannot hold up delivery to the others.
 */
@Startup // its meters exist from the start, at 0 (deploy/monitoring reads them)
@ApplicationScoped
public class CommandDelivery {
    private final LocalDevices local;
    private final CommandRouting routing;
    private final DeliveryLog deliveries;
    private final GatewayPublisher publisher;
    private final GatewayConfig config;
    private final Counter delivered;
    private final Counter expired;
    private final Counter duplicates;
    private final Counter failed;
    private final Counter fenced;
    private final BusyDevices busy;
    private final Counter writeTimeouts;
    private final Counter released;
    private final CommandTraces traces;

    CommandDelivery(LocalDevices local, CommandRouting routing, DeliveryLog deliveries, GatewayPublisher publisher,
                    GatewayConfig config, BusyDevices busy, CommandTraces traces, MeterRegistry registry) {
        this.traces = traces;
        this.local = local;
        this.routing = routing;
        this.deliveries = deliveries;
        this.publisher = publisher;
        this.config = config;
        this.busy = busy;
        this.delivered = registry.counter("switchboard.gateway.commands", "outcome", "delivered");
        this.expired = registry.counter("switchboard.gateway.commands", "outcome", "expired");
        this.duplicates = registry.counter("switchboard.gateway.commands", "outcome", "duplicate");
        this.failed = registry.counter("switchboard.gateway.commands", "outcome", "write_failed");
        this.fenced = registry.counter("switchboard.gateway.commands", "outcome", "fenced");
        this.writeTimeouts = registry.counter("switchboard.gateway.commands", "outcome", "write_timeout");
        this.released = registry.counter("switchboard.gateway.commands", "outcome", "released");
    }

    /**
     * Delivers a command read from this gateway's partitions; {@code forwarded}: another gateway forwarded it here.
     * A command for a device this gateway does not hold goes to {@link CommandRouting} (forwarded once, or reported).
     */
    public Uni<Void> deliver(DeviceCommand command, boolean forwarded) {
        return deliver(command, forwarded, Context.root());
    }

    /** The same, within {@code trace}: the consumed record's context, parent of the command's spans (CommandTraces). */
    public Uni<Void> deliver(DeviceCommand command, boolean forwarded, Context trace) {
        Optional<DeviceChannel> socket = local.find(command.deviceId());
        if (pastDeadline(command, trace)) {
            return Uni.createFrom().voidItem();
        }
        if (socket.isEmpty()) {
            return routing.notHere(command, forwarded);
        }
        DeviceChannel connection = socket.get();
        DeviceSession session = connection.session();
        if (!session.reserve(config.deviceWindow())) {
            return busy.refuse(command);
        }
        return session.inOrder(() -> Uni.createFrom().deferred(() -> claimAndWrite(connection, session, command, trace))
                .eventually(session::release)).replaceWithVoid();
    }

    /**
     * Delivers a command from the machine's queue to the socket that just opened ({@link QueuedCommands}): as
     * {@link #deliver}, but only to this socket, never routed elsewhere and never refused for a full window. True when
     * the command is settled (written now, written before, or fenced: it leaves the queue), false when it was not
     * written and may be later (the socket is closing, the window is full, Redis is away): it stays queued.
     */
    Uni<Boolean> deliverQueued(DeviceChannel connection, DeviceCommand command) {
        DeviceSession session = connection.session();
        if (!session.reserve(config.deviceWindow())) {
            return Uni.createFrom().item(false);
        }
        return session.inOrder(() -> Uni.createFrom().deferred(() -> claimAndWrite(connection, session, command, Context.root()))
                .eventually(session::release));
    }

    /** True when the command is settled: written, written before, fenced or past its deadline (reported). */
    private Uni<Boolean> claimAndWrite(DeviceChannel connection, DeviceSession session, DeviceCommand command, Context trace) {
        if (session.closing() || !connection.isOpen()) {
            released.increment();
            Log.debugf("[device %s][command %s] socket closing: not sent", command.deviceId(), command.commandId());
            return Uni.createFrom().item(false); // never claimed, never reported: command-service times out
        }
        if (pastDeadline(command, trace)) { // it waited behind the device's earlier commands
            return Uni.createFrom().item(true);
        }
        return deliveries.claim(command.commandId(), command.deviceId()).chain(claim -> switch (claim) {
            case FIRST -> write(connection, session, command, trace);
            case ALREADY_SENT -> {
                duplicates.increment();
                Log.debugf("[device %s][command %s] already delivered: not sent again", command.deviceId(), command.commandId());
                yield Uni.createFrom().item(true);
            }
            case FENCED -> {
                fenced.increment();
                Log.infof("[device %s][command %s] fenced by command-service (not taken by Kafka in time, cancelled, or its"
                        + " wait in the queue ended): not sent", command.deviceId(), command.commandId());
                yield Uni.createFrom().item(true);
            }
        }).onFailure().recoverWithUni(t -> {
            Log.warnf("[device %s][command %s] deliver-once claim failed, not sent: %s", command.deviceId(), command.commandId(), t.toString());
            return Uni.createFrom().item(false);
        });
    }

    /** True (and reported EXPIRED) when the command's deadline passed: it must not be written any more. */
    private boolean pastDeadline(DeviceCommand command, Context trace) {
        if (command.deadline() == null || Instant.now().isBefore(command.deadline())) {
            return false;
        }
        expired.increment();
        Log.infof("[device %s][command %s] deadline passed before delivery: not sent", command.deviceId(), command.commandId());
        publisher.reply(DeviceReply.expired(command.commandId(), command.deviceId(), config.instanceId()), trace);
        return true;
    }

    /**
     * Writes the claimed command; reports DELIVERED only once the write succeeded, forgets the claim if it
     * failed. A write the socket does not take within {@code gateway.write-timeout} closes it with 4001.
     * With tracing on, the frame carries the command span's {@code traceparent} in {@code params._meta}.
     */
    private Uni<Boolean> write(DeviceChannel connection, DeviceSession session, DeviceCommand command, Context trace) {
        Span span = traces.start(command, trace);
        String frame = frame(command, CommandTraces.traceparent(span));
        return traces.write(span, () -> connection.sendText(frame).ifNoItem().after(config.writeTimeout()).fail())
                .onItemOrFailure().transformToUni((ok, t) -> {
                    if (t == null) {
                        delivered.increment();
                        Log.debugf("[device %s][command %s] written to the socket", command.deviceId(), command.commandId());
                        publisher.reply(DeviceReply.delivered(command.commandId(), command.deviceId(), config.instanceId()),
                                Context.root().with(span));
                        return Uni.createFrom().item(true);
                    }
                    if (t instanceof TimeoutException) {
                        writeTimeouts.increment();
                        traces.notWritten(command, span, "write_timeout");
                        slowConsumer(connection, session);
                    } else {
                        failed.increment();
                        traces.notWritten(command, span, "write_failed");
                        Log.warnf("[device %s][command %s] write failed: %s", command.deviceId(), command.commandId(), t.getMessage());
                    }
                    return deliveries.forget(command.commandId()).onFailure().recoverWithNull().replaceWith(false);
                });
    }

    /** Closes a socket that stopped taking frames; the commands waiting behind the stuck one are then released unsent. */
    private void slowConsumer(DeviceChannel connection, DeviceSession session) {
        if (session.closing()) {
            return;
        }
        session.markClosing();
        Log.infof("[device %s] a frame not taken within %s (the device stopped reading): closing with 4001, %d commands released",
                session.deviceId(), config.writeTimeout(), session.pending() - 1);
        connection.close(CloseCodes.SLOW_CONSUMER, "slow consumer")
                .subscribe().with(v -> { }, e -> Log.debugf("[device %s] close of a slow socket: %s", session.deviceId(), e));
    }

    static String frame(DeviceCommand command) {
        return frame(command, null);
    }

    /** The JSON-RPC request frame; {@code _meta} gets the deadline and, with tracing on, the {@code traceparent}. */
    static String frame(DeviceCommand command, String traceparent) {
        ObjectNode params = command.params() != null && command.params().isObject()
                ? ((ObjectNode) command.params()).deepCopy() : JsonNodeFactory.instance.objectNode();
        ObjectNode meta = params.has("_meta") && params.get("_meta").isObject()
                ? (ObjectNode) params.get("_meta") : params.putObject("_meta");
        if (command.deadline() != null) {
            meta.put("deadline", command.deadline().toString());
        }
        if (traceparent != null) {
            meta.put("traceparent", traceparent);
        }
        return JsonRpcFrames.request(command.commandId(), command.method(), params);
    }
}
