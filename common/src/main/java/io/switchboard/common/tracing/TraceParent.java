package io.switchboard.common.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * A W3C {@code traceparent} carried where the instrumentation does not look (a device frame's
 * {@code params._meta}, a Redis pub/sub message; docs/observability.md): written from a span's context, read back
 * by OpenTelemetry's own W3C propagator, so what it accepts (versions, lower-case hex, no all-zero ids) is the
 * standard's and not a parser of ours.
 */
public final class TraceParent {
    private static final String KEY = "traceparent";
    private static final TextMapGetter<String> ONE_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(KEY);
        }

        @Override
        public String get(String carrier, String key) {
            return KEY.equals(key) ? carrier : null;
        }
    };

    private TraceParent() {
    }

    /** {@code 00-<trace id>-<span id>-<flags>} of {@code context}, or null when it is invalid (no trace). */
    public static String of(SpanContext context) {
        return context.isValid()
                ? "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex()
                : null;
    }

    /** As {@link #of(SpanContext)}, for the span of {@code context}. */
    public static String of(Context context) {
        return of(Span.fromContext(context).getSpanContext());
    }

    /**
     * The remote parent {@code traceparent} names, as a context to start a child span in; the root context (no
     * valid span) when it is null or not a valid {@code traceparent}.
     */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isEmpty()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, ONE_VALUE);
    }
}
