package io.switchboard.notify.messaging;

import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.IncomingEvent;
import io.switchboard.notify.domain.IngestResult;
import io.switchboard.notify.service.EventIngest;
import io.switchboard.notify.service.NotifyMetrics;
import io.switchboard.notify.store.StoreUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads Kafka {@code notify.events} in the shared consumer group {@code notify-service}: each record is
 * ingested by one replica, one record at a time. A poison record goes to {@code notify.events.dlq} (the reason in
 * the {@code dead-letter-reason} header) and the partition keeps moving: one that is not an event (not JSON, missing
 * fields, bad channel) is refused by {@link IncomingEventDeserializer} and copied as it came; one over the size
 * limit is nacked here, which the channel's {@code dead-letter-queue} failure strategy turns into a copy. A valid
 * event is never dead-lettered because Redis is unavailable: it is stored again with capped backoff
 * ({@code notify.ingest.retry-*-backoff}) until Redis answers, and the records behind it wait, so their order holds
 * (the connector keeps polling paused partitions meanwhile: no rebalance). Any other store failure (a bug, bad data
 * in Redis) is retried 5 times, then dead-lettered.
 */
@ApplicationScoped
public class EventConsumer {
    private final EventIngest ingest;
    private final NotifyMetrics metrics;
    private final NotifyConfig config;
    private final AtomicReference<Instant> outageSince = new AtomicReference<>();

    EventConsumer(EventIngest ingest, NotifyMetrics metrics, NotifyConfig config) {
        this.ingest = ingest;
        this.metrics = metrics;
        this.config = config;
    }

    @Incoming("notify-events")
    public Uni<Void> consume(Message<IncomingEvent> record) {
        IncomingEvent event = record.getPayload();
        Optional<String> problem = ingest.problem(event);
        if (problem.isPresent()) {
            metrics.ingested("kafka", "invalid");
            Log.warnf("[channel %s][event %s] poison record on notify.events sent to the dead-letter topic: %s",
                    event.channel(), event.id(), problem.get());
            return Uni.createFrom().completionStage(record.nack(new PoisonRecordException(problem.get())));
        }
        IncomingEvent valid = event;
        // the record's consume span, with tracing on (the root context without: no trace, nothing recorded)
        Context trace = TracingMetadata.fromMessage(record).map(TracingMetadata::getCurrentContext).orElse(Context.root());
        return store(valid, trace)
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(5)
                .chain(r -> Uni.createFrom().completionStage(record.ack()))
                .onFailure().recoverWithUni(t -> {
                    Log.errorf("[channel %s][event %s] not stored after retries, sent to the dead-letter topic: %s",
                            valid.channel(), valid.id(), t.getMessage());
                    return Uni.createFrom().completionStage(record.nack(t));
                });
    }

    /** Stores the event, retrying for as long as Redis is unavailable; logs the outage once, and its end. */
    private Uni<IngestResult> store(IncomingEvent event, Context trace) {
        return ingest.ingest(event, "kafka", trace)
                .onFailure(StoreUnavailableException.class).invoke(t -> {
                    if (outageSince.compareAndSet(null, Instant.now())) {
                        Log.warnf("[channel %s][event %s] Redis unavailable: Kafka ingest waits on this record and retries"
                                + " until Redis answers (nothing is dead-lettered): %s", event.channel(), event.id(), t.getMessage());
                    }
                })
                .onFailure(StoreUnavailableException.class).retry()
                .withBackOff(config.ingest().retryMinBackoff(), config.ingest().retryMaxBackoff()).indefinitely()
                .invoke(r -> {
                    Instant since = outageSince.getAndSet(null);
                    if (since != null) {
                        Log.infof("[channel %s][event %s] Redis answers again: Kafka ingest resumed after %d ms", event.channel(),
                                event.id(), Duration.between(since, Instant.now()).toMillis());
                    }
                });
    }

    /** Why a record was dead-lettered; its message becomes the {@code dead-letter-reason} header. */
    static final class PoisonRecordException extends RuntimeException {
        PoisonRecordException(String reason) {
            super(reason, null, false, false);
        }
    }
}
