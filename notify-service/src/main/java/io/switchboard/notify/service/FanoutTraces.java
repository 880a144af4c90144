package io.switchboard.notify.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.switchboard.notify.domain.LiveEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A notification's trace across the Redis pub/sub hop (docs/observability.md). The ingest passes its context's
 * {@code traceparent} to the append script, which publishes it before the event; each replica that hears a traced
 * event records one {@code notify.fanout} span (consumer), child of the ingest's context: from the message until
 * the last of its local sockets has been written, with the number of deliveries. An event ingested outside a
 * trace (tracing off: the ingest's context is invalid) carries nothing and costs nothing here.
 */
@ApplicationScoped
public class FanoutTraces {
    private static final int TRACEPARENT_LENGTH = 55; // 00-<32 hex>-<16 hex>-<2 hex>

    private final Tracer tracer;

    FanoutTraces(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The W3C {@code traceparent} of the span of {@code context}, or null when it has none (tracing off). */
    public static String traceparent(Context context) {
        SpanContext c = Span.fromContext(context).getSpanContext();
        return c.isValid() ? "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex() : null;
    }

    /** The remote span context {@code traceparent} names (version 00), or an invalid one when it is not one. */
    static SpanContext parse(String traceparent) {
        if (traceparent == null || traceparent.length() != TRACEPARENT_LENGTH || !traceparent.startsWith("00-")
                || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
            return SpanContext.getInvalid();
        }
        String flags = traceparent.substring(53);
        if (!isHex(flags)) {
            return SpanContext.getInvalid();
        }
        // createFromRemoteParent checks the ids (hex, length, not all zero) and returns an invalid context otherwise
        return SpanContext.createFromRemoteParent(traceparent.substring(3, 35), traceparent.substring(36, 52),
                TraceFlags.fromByte((byte) Integer.parseInt(flags, 16)), TraceState.getDefault());
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts the fan-out span of {@code event} to {@code sockets} local subscribers, {@code direct} of them written
     * already, the others by {@code writers} tasks (each reports with {@link Delivery#written}); ends it at once when
     * there are none. {@link Delivery#NONE} when the event is not traced.
     */
    public Delivery start(LiveEvent event, int sockets, int direct, int writers) {
        SpanContext parent = parse(event.traceparent());
        if (!parent.isValid()) {
            return Delivery.NONE;
        }
        Span span = tracer.spanBuilder("notify.fanout").setParent(Context.root().with(Span.wrap(parent)))
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
