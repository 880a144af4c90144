package io.switchboard.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.common.jsonrpc.JsonRpcFrames;
import io.switchboard.common.jsonrpc.JsonRpcMessage;
import io.switchboard.common.presence.DevicePresence;
import io.switchboard.common.wire.DeviceEvent;
import io.switchboard.common.wire.DeviceReply;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.domain.DeviceChannel;
import io.switchboard.gateway.domain.DeviceSession;
import io.switchboard.gateway.messaging.GatewayPublisher;
import io.switchboard.gateway.store.PresenceStore;
import jakarta.enterprise.context.ApplicationScoped;

/** What happens on a device socket: open, each frame, close. The endpoint class only maps to this. */
@ApplicationScoped
public class DeviceLink {
    private final LocalDevices local;
    private final PresenceStore presence;
    private final GatewayPublisher publisher;
    private final Kicks kicks;
    private final GatewayConfig config;
    private final Counter replies;
    private final Counter events;
    private final Counter badFrames;
    private final Counter reserved;
    private final CommandTraces traces;
    private final QueuedCommands queued;

    DeviceLink(LocalDevices local, PresenceStore presence, GatewayPublisher publisher, Kicks kicks,
               GatewayConfig config, CommandTraces traces, QueuedCommands queued, MeterRegistry registry) {
        this.traces = traces;
        this.queued = queued;
        this.local = local;
        this.presence = presence;
        this.publisher = publisher;
        this.kicks = kicks;
        this.config = config;
        this.replies = registry.counter("switchboard.gateway.frames", "kind", "reply");
        this.events = registry.counter("switchboard.gateway.frames", "kind", "event");
        this.badFrames = registry.counter("switchboard.gateway.frames", "kind", "invalid");
        this.reserved = registry.counter("switchboard.gateway.frames", "kind", "reserved");
    }

    /**
     * Registers the socket, claims presence and retires an older socket of the same device; then the commands that
     * waited for it ({@link QueuedCommands}) go out, beside the socket's other work.
     */
    public Uni<Void> opened(DeviceChannel connection) {
        DeviceSession session = connection.session();
        String deviceId = session.deviceId();
        local.put(deviceId, connection).ifPresent(older -> retire(older, deviceId));
        DevicePresence mine = new DevicePresence(deviceId, config.instanceId(), connection.id(), session.connectedAt());
        return presence.claim(mine).invoke(previous -> {
            previous.filter(p -> p.connectionId() != null && !connection.id().equals(p.connectionId())
                            && !config.instanceId().equals(p.gateway()))
                    .ifPresent(p -> kicks.kick(p.gateway(), deviceId, p.connectionId()));
            Log.infof("[device %s] connected (connection %s)", deviceId, connection.id());
            publisher.event(DeviceEvent.lifecycle(deviceId, DeviceEvent.CONNECTED, config.instanceId()));
            queued.drain(connection).subscribe().with(v -> { }, t -> Log.warnf(t, "[device %s] queue not drained", deviceId));
        }).replaceWithVoid();
    }

    /** Handles one text frame; returns the frame to answer with, or null. */
    public String frame(DeviceChannel connection, String text) {
        DeviceSession session = connection.session();
        session.touch();
        String deviceId = session.deviceId();
        JsonRpcMessage message = JsonRpcMessage.parse(text);
        if (message instanceof JsonRpcMessage.Response r && r.id().isNull()) {
            // JSON-RPC's answer to a frame the device could not read: it names no command, so there is no one to tell
            badFrames.increment();
            Log.debugf("[device %s] response without id dropped: %s", deviceId, r.error());
            return null;
        }
        if (message instanceof JsonRpcMessage.Response r) {
            replies.increment();
            String commandId = r.id().asText();
            publisher.reply(r.isError()
                    ? DeviceReply.error(commandId, deviceId, config.instanceId(), r.error())
                    : DeviceReply.result(commandId, deviceId, config.instanceId(), r.result()),
                    traces.answered(commandId, r.isError()));
            return null;
        }
        if (message instanceof JsonRpcMessage.Notification n) {
            if (DeviceEvent.isReserved(n.method())) {
                reserved.increment();
                Log.debugf("[device %s] notification with the reserved method %s dropped", deviceId, n.method());
                return null;
            }
            events.increment();
            publisher.event(DeviceEvent.fromDevice(deviceId, n.method(), n.params(), config.instanceId()));
            return null;
        }
        if (message instanceof JsonRpcMessage.Request req) {
            if (DeviceEvent.isReserved(req.method())) {
                reserved.increment();
                return JsonRpcFrames.error(req.id(), JsonRpcErrors.INVALID_REQUEST, "Invalid Request: reserved method " + req.method());
            }
            if (req.method().equals("ping")) {
                return JsonRpcFrames.result(req.id(), "pong");
            }
            return JsonRpcFrames.error(req.id(), JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + req.method());
        }
        JsonRpcMessage.Invalid invalid = (JsonRpcMessage.Invalid) message;
        badFrames.increment();
        Log.debugf("[device %s] invalid frame: %s", deviceId, invalid.message());
        return JsonRpcFrames.error(invalid.id(), invalid.code(), invalid.message());
    }

    /** Unregisters the socket and clears presence unless a newer socket already owns it. */
    public Uni<Void> closed(DeviceChannel connection) {
        DeviceSession session = connection.session();
        String deviceId = session.deviceId();
        local.remove(deviceId, connection);
        Log.infof("[device %s] disconnected (connection %s, %s)", deviceId, connection.id(), connection.closeReason());
        if (session.replaced()) {
            return Uni.createFrom().voidItem();
        }
        return presence.release(deviceId, connection.id())
                .invoke(released -> {
                    if (released) {
                        publisher.event(DeviceEvent.lifecycle(deviceId, DeviceEvent.DISCONNECTED, config.instanceId()));
                    }
                })
                .onFailure().invoke(t -> Log.warnf(t, "[device %s] presence not released; it expires by itself", deviceId))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Closes an older socket of a device that connected again (to this or another gateway). */
    public void retire(DeviceChannel older, String deviceId) {
        older.session().markReplaced();
        local.remove(deviceId, older);
        Log.infof("[device %s] connection %s replaced by a newer one", deviceId, older.id());
        older.close(CloseCodes.REPLACED, "replaced by a newer connection")
                .subscribe().with(v -> { }, t -> Log.debugf("[device %s] close of replaced socket: %s", deviceId, t));
    }
}
