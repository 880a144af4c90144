package io.switchboard.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.wire.DeviceReply;
import io.switchboard.common.wire.QueuedCommand;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.domain.DeviceChannel;
import io.switchboard.gateway.messaging.GatewayPublisher;
import io.switchboard.gateway.store.QueueStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Delivers the commands that waited for a machine (its queue, {@link QueuedCommand}) once it connected here, after its
 * presence was claimed: oldest first, one after the other, each through {@link CommandDelivery} (deliver-once, fence,
 * the device's order). An entry whose wait ended is reported EXPIRED ({@code ttl_passed}) and never written. An entry
 * leaves the queue only when it is settled; one that could not be written (the socket closed, Redis away) stays, with
 * all after it, for the machine's next connection. Commands sent meanwhile over Kafka are written beside them.
 * <p>
 * Why nothing is missed: command-service queues a command only when the machine has no presence record, checked in the
 * same Lua script as the append, and this drain reads the queue after the presence claim; so a command is either queued
 * before the claim (and read here) or sent over Kafka after it.
 */
@ApplicationScoped
public class QueuedCommands {
    private final QueueStore queue;
    private final CommandDelivery delivery;
    private final LocalDevices local;
    private final GatewayPublisher publisher;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final Counter taken;
    private final Counter waitedOut;
    private final Counter unreadable;

    QueuedCommands(QueueStore queue, CommandDelivery delivery, LocalDevices local, GatewayPublisher publisher,
                   GatewayConfig config, ObjectMapper json, MeterRegistry registry) {
        this.queue = queue;
        this.delivery = delivery;
        this.local = local;
        this.publisher = publisher;
        this.config = config;
        this.json = json;
        this.taken = registry.counter("switchboard.gateway.queued.commands", "outcome", "settled");
        this.waitedOut = registry.counter("switchboard.gateway.queued.commands", "outcome", "ttl_passed");
        this.unreadable = registry.counter("switchboard.gateway.queued.commands", "outcome", "unreadable");
    }

    /** Delivers the machine's queue to {@code connection}; completes when it is empty or delivery had to stop. */
    public Uni<Void> drain(DeviceChannel connection) {
        String deviceId = connection.session().deviceId();
        return queue.head(deviceId, config.queueDrainBatch())
                .chain(entries -> next(connection, entries, 0))
                .onFailure().recoverWithUni(t -> {
                    Log.warnf("[device %s] queued commands not read: %s; they wait for its next connection", deviceId, t.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> next(DeviceChannel connection, List<String> entries, int i) {
        String deviceId = connection.session().deviceId();
        if (i == entries.size()) {
            return entries.size() < config.queueDrainBatch() ? Uni.createFrom().voidItem() : drain(connection);
        }
        if (!connection.isOpen() || local.find(deviceId).orElse(null) != connection) {
            return Uni.createFrom().voidItem(); // gone, or replaced: the newer connection drains
        }
        String entry = entries.get(i);
        QueuedCommand command = read(deviceId, entry);
        Instant now = Instant.now();
        if (command == null || command.waitedOut(now)) {
            if (command != null) {
                waitedOut.increment();
                Log.infof("[device %s][command %s] its wait in the queue ended at %s: not sent", deviceId,
                        command.commandId(), command.queuedUntil());
                publisher.reply(DeviceReply.queueTtlPassed(command.commandId(), deviceId, config.instanceId()));
            }
            return queue.remove(deviceId, entry).chain(() -> next(connection, entries, i + 1));
        }
        return delivery.deliverQueued(connection, command.toCommand(now)).chain(settled -> {
            if (!settled) {
                Log.debugf("[device %s][command %s] queued command not written: it waits for the next connection",
                        deviceId, command.commandId());
                return Uni.createFrom().voidItem();
            }
            taken.increment();
            return queue.remove(deviceId, entry).chain(() -> next(connection, entries, i + 1));
        });
    }

    private QueuedCommand read(String deviceId, String entry) {
        try {
            QueuedCommand command = json.readValue(entry, QueuedCommand.class);
            if (command.problem().isEmpty() && deviceId.equals(command.deviceId())) {
                return command;
            }
        } catch (Exception e) {
            // counted and logged below
        }
        unreadable.increment();
        Log.warnf("[device %s] unreadable queue entry dropped: %s", deviceId, entry.length() > 200 ? entry.substring(0, 200) : entry);
        return null;
    }
}
