package io.switchboard.notify.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.Channel;
import io.switchboard.notify.domain.IncomingEvent;
import io.switchboard.notify.domain.IngestResult;
import io.switchboard.notify.domain.OrderRef;
import io.switchboard.notify.store.EventLog;
import io.switchboard.notify.store.OrderStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The one way in for events (Kafka, HTTP, browser publish, reminders): validate, store once per id in the
 * channel history (which also announces it to every replica), and learn orders from order.placed.
 */
@ApplicationScoped
public class EventIngest {
    public static final String ORDER_PLACED = "order.placed";

    private final EventLog log;
    private final OrderStore orders;
    private final ObjectMapper json;
    private final NotifyConfig config;
    private final NotifyMetrics metrics;
    private final FanoutTraces traces;

    EventIngest(EventLog log, OrderStore orders, ObjectMapper json, NotifyConfig config, NotifyMetrics metrics,
                FanoutTraces traces) {
        this.traces = traces;
        this.log = log;
        this.orders = orders;
        this.json = json;
        this.config = config;
        this.metrics = metrics;
    }

    /** What is wrong with the event (fields, channel, size), or empty. */
    public Optional<String> problem(IncomingEvent event) {
        Optional<String> problem = event.problem();
        if (problem.isPresent()) {
            return problem;
        }
        try {
            int size = json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8).length;
            if (size > config.maxEventBytes()) {
                return Optional.of("the event is " + size + " bytes; the limit is " + config.maxEventBytes());
            }
        } catch (JsonProcessingException e) {
            return Optional.of("data is not serializable");
        }
        return Optional.empty();
    }

    /**
     * Stores a valid event (see {@link #problem}) unless its id was seen before. Fails with
     * {@link io.switchboard.notify.store.StoreUnavailableException} while Redis is unavailable; trying again is safe.
     */
    public Uni<IngestResult> ingest(IncomingEvent event, String source) {
        return ingest(event, source, Context.current());
    }

    /** As {@link #ingest(IncomingEvent, String)}, in the trace of {@code trace} (its fan-out too) when it has one. */
    public Uni<IngestResult> ingest(IncomingEvent event, String source, Context trace) {
        return log.append(event, Instant.now(), traces.traceparent(trace))
                // also for a duplicate: an earlier attempt may have stored the event and failed before this step
                .call(result -> learnOrder(event))
                .invoke(result -> {
                    metrics.ingested(source, result.duplicate() ? "duplicate" : "stored");
                    Log.debugf("[channel %s][event %s] %s at offset %d via %s", event.channel(), event.id(),
                            result.duplicate() ? "duplicate of the copy" : "stored", result.offset(), source);
                })
                .onFailure().invoke(t -> metrics.ingested(source, "failed"));
    }

    private Uni<Void> learnOrder(IncomingEvent event) {
        Channel channel = event.parsedChannel();
        JsonNode data = event.data();
        if (!ORDER_PLACED.equals(event.type()) || channel.kind() != Channel.Kind.SHOP || data == null
                || !data.path("orderId").isTextual() || !data.path("customerId").isTextual()) {
            return Uni.createFrom().voidItem();
        }
        OrderRef order = new OrderRef(data.get("orderId").asText(), channel.id(), data.get("customerId").asText());
        return orders.remember(order)
                .invoke(() -> Log.debugf("[channel %s][order %s] known for reminders", event.channel(), order.orderId()));
    }
}
