package io.switchboard.notify.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.switchboard.common.tracing.TraceParent;
import io.switchboard.notify.domain.LiveEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A notification's trace across the Redis pub/sub hop (docs/observability.md). The ingest passes its context's
 * {@code traceparent} to the append script, which publishes it before the event; each replica that hears a traced
 * event records one {@code notify.fanout} span (consumer), child of the ingest's context: from the message until
 * the last of its local sockets has been written, with the number of deliveries. An event ingested outside a
 * trace, or with tracing off ({@code quarkus.otel.sdk.disabled}), carries nothing, and a replica with tracing off
 * ignores what a traced one published: no span, nothing kept.
 */
@ApplicationScoped
public class FanoutTraces {
    private final Tracer tracer;
    private final boolean enabled;

    FanoutTraces(Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean disabled) {
        this.tracer = tracer;
        this.enabled = !disabled;
    }

    /**
     * The W3C {@code traceparent} of the span of {@code context} for the append script, or null when it has none or
     * tracing is off ({@code quarkus.otel.sdk.disabled}: a caller's {@code traceparent} alone is not passed on then).
     */
    public String traceparent(Context context) {
        return enabled ? TraceParent.of(context) : null;
    }

    /**
     * Starts the fan-out span of {@code event} to {@code sockets} local subscribers, {@code direct} of them written
     * already, the others by {@code writers} tasks (each reports with {@link Delivery#written}); ends it at once when
     * there are none. {@link Delivery#NONE} when the event is not traced.
     */
    public Delivery start(LiveEvent event, int sockets, int direct, int writers) {
        Context parent = enabled ? TraceParent.parent(event.traceparent()) : Context.root();
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return Delivery.NONE;
        }
        Span span = tracer.spanBuilder("notify.fanout").setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "redis")
                .setAttribute("switchboard.channel", event.frame().channel())
                .setAttribute("switchboard.event.id", event.frame().id())
                .setAttribute("switchboard.event.offset", event.frame().offset())
                .setAttribute("switchboard.subscribers", sockets)
                .startSpan();
        Delivery delivery = new Delivery(span, writers);
        delivery.written.set(direct);
        if (writers == 0) {
            delivery.end();
        }
        return delivery;
    }

    /** One traced event's fan-out on this replica: ends its span when every writer task has reported. */
    public static class Delivery {
        /** For an event without a trace: does nothing. */
        public static final Delivery NONE = new Delivery(null, 0);

        private final Span span;
        private final AtomicInteger writers;
        private final AtomicInteger written = new AtomicInteger();

        Delivery(Span span, int writers) {
            this.span = span;
            this.writers = new AtomicInteger(writers);
        }

        /** A writer task is done, having written {@code count} sockets (also when its loop refused the task). */
        public void written(int count) {
            if (span == null) {
                return;
            }
            written.addAndGet(count);
            if (writers.decrementAndGet() == 0) {
                end();
            }
        }

        private void end() {
            span.setAttribute("switchboard.deliveries", written.get());
            span.end();
        }
    }
}
