package io.switchboard.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceParentTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void shouldWriteAndReadBackASpanContext() {
        SpanContext sampled = SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());
        String traceparent = TraceParent.of(sampled);

        assertThat(traceparent).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
        SpanContext read = Span.fromContext(TraceParent.parent(traceparent)).getSpanContext();
        assertThat(read.isValid()).isTrue();
        assertThat(read.isRemote()).isTrue();
        assertThat(read.getTraceId()).isEqualTo(TRACE);
        assertThat(read.getSpanId()).isEqualTo(SPAN);
        assertThat(read.isSampled()).isTrue();
        assertThat(TraceParent.of(SpanContext.create(TRACE, SPAN, TraceFlags.getDefault(), TraceState.getDefault())))
                .endsWith("-00");
    }

    @Test
    void shouldGiveNothingWithoutATrace() {
        assertThat(TraceParent.of(SpanContext.getInvalid())).isNull();
        assertThat(TraceParent.of(Context.root())).isNull();
        assertThat(Span.fromContext(TraceParent.parent(null)).getSpanContext().isValid()).isFalse();
    }

    @Test
    void shouldRefuseWhatIsNotATraceparent() {
        for (String bad : List.of("", "garbage", "ff-" + TRACE + "-" + SPAN + "-01",
                "00-" + TRACE + "-" + SPAN + "-0g", "00-00000000000000000000000000000000-" + SPAN + "-01",
                "00-" + TRACE + "-0000000000000000-01", "00-" + TRACE + "_" + SPAN + "-01",
                "00-" + TRACE.toUpperCase() + "-" + SPAN + "-01", "00-" + TRACE + "-" + SPAN + "-01-extra",
                "00-" + TRACE.substring(1) + "-" + SPAN + "-01")) {
            assertThat(Span.fromContext(TraceParent.parent(bad)).getSpanContext().isValid()).as(bad).isFalse();
        }
    }
}
