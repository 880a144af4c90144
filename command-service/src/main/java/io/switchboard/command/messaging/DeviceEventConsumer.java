package io.switchboard.command.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.store.DeviceStateStore;
import io.switchboard.common.wire.DeviceEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps what each device last said from Kafka {@code device.events} (its {@code status} reports, when it was last
 * seen), so {@code GET /api/devices/{id}} can tell it while the device is offline. Replicas share one consumer group
 * of their own ({@code command-service-devices}); a new group starts at the earliest offset and rebuilds the state
 * from what the topic still holds (the store only moves times forward, so a replay changes nothing). Values are read
 * by {@code DeviceEventDeserializer} (common/wire); one it refuses is logged, counted and skipped here: the record
 * stays on {@code device.events}, which this consumer does not own. A gateway's recent connected/disconnected report is
 * also passed on to operators on {@code ops:devices} ({@link OpsDeviceFeed}), whatever became of recording it.
 */
@ApplicationScoped
public class DeviceEventConsumer {
    private final DeviceStateStore states;
    private final OpsDeviceFeed ops;

    DeviceEventConsumer(DeviceStateStore states, OpsDeviceFeed ops) {
        this.states = states;
        this.ops = ops;
    }

    @Incoming("device-events")
    public Uni<Void> consume(DeviceEvent event) {
        if (event == null) {
            return Uni.createFrom().voidItem(); // refused by the deserializer (logged and counted there)
        }
        return states.record(event)
                .onFailure().retry().withBackOff(Duration.ofMillis(50), Duration.ofSeconds(2)).atMost(8)
                .invoke(replaced -> {
                    if (replaced) {
                        Log.debugf("[device %s] reported status recorded", event.deviceId());
                    }
                })
                .onFailure().invoke(t -> Log.warnf(t, "[device %s] %s event not recorded", event.deviceId(), event.method()))
                .onFailure().recoverWithNull()
                // operators' live view, best effort: the state of record above does not wait for the broker's ack
                .invoke(() -> ops.forward(event).subscribe().with(x -> { }, t -> { }))
                .replaceWithVoid();
    }
}
