package io.switchboard.notify.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.domain.IncomingEvent;
import io.switchboard.notify.service.EventIngest;
import io.switchboard.notify.service.NotifyMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads Kafka {@code notify.events} in the shared consumer group {@code notify-service}: each record is
 * ingested by one replica. A poison record (unreadable, missing fields, bad channel) is nacked, which the
 * channel's {@code dead-letter-queue} failure strategy turns into a copy on {@code notify.events.dlq}
 * (with the reason in the {@code dead-letter-reason} header); the partition keeps moving.
 */
@ApplicationScoped
public class EventConsumer {
    private final ObjectMapper json;
    private final EventIngest ingest;
    private final NotifyMetrics metrics;

    EventConsumer(ObjectMapper json, EventIngest ingest, NotifyMetrics metrics) {
        this.json = json;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    @Incoming("notify-events")
    public Uni<Void> consume(Message<String> record) {
        Optional<String> problem;
        IncomingEvent event = null;
        try {
            event = record.getPayload() == null ? null : json.readValue(record.getPayload(), IncomingEvent.class);
            problem = event == null ? Optional.of("empty record") : ingest.problem(event);
        } catch (Exception e) {
            problem = Optional.of("not an event object: " + e.getClass().getSimpleName());
        }
        if (problem.isPresent()) {
            metrics.ingested("kafka", "invalid");
            Log.warnf("[ingest] poison record on notify.events sent to the dead-letter topic: %s", problem.get());
            return Uni.createFrom().completionStage(record.nack(new PoisonRecordException(problem.get())));
        }
        IncomingEvent valid = event;
        return ingest.ingest(valid, "kafka")
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(5)
                .chain(r -> Uni.createFrom().completionStage(record.ack()))
                .onFailure().recoverWithUni(t -> {
                    Log.errorf("[channel %s][event %s] not stored after retries, sent to the dead-letter topic: %s",
                            valid.channel(), valid.id(), t.getMessage());
                    return Uni.createFrom().completionStage(record.nack(t));
                });
    }

    /** Why a record was dead-lettered; its message becomes the {@code dead-letter-reason} header. */
    static final class PoisonRecordException extends RuntimeException {
        PoisonRecordException(String reason) {
            super(reason, null, false, false);
        }
    }
}
