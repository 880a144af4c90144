package io.switchboard.notify.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.switchboard.notify.domain.EventFrame;
import io.switchboard.notify.domain.LiveEvent;
import io.switchboard.testsupport.SpanCollector;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A notification's fan-out span across the pub/sub hop (pure logic, an in-memory SDK). */
class FanoutTracesTest {
    private static final AttributeKey<Long> DELIVERIES = AttributeKey.longKey("switchboard.deliveries");

    private final SpanCollector spans = new SpanCollector();
    private final List<SpanData> ended = spans.ended();
    private final Tracer tracer = spans.tracer();
    private final FanoutTraces traces = new FanoutTraces(tracer, false);

    @Test
    void shouldEndTheFanOutSpanWhenTheLastWriterIsDoneAsChildOfTheIngest() {
        Span ingest = tracer.spanBuilder("POST /api/events").startSpan();
        String traceparent = traces.traceparent(Context.root().with(ingest));

        FanoutTraces.Delivery delivery = traces.start(live(traceparent), 5, 1, 2);
        delivery.written(3);
        assertThat(ended).as("one writer still to report").isEmpty();
        delivery.written(1);

        assertThat(traceparent).isEqualTo("00-" + ingest.getSpanContext().getTraceId() + "-"
                + ingest.getSpanContext().getSpanId() + "-01");
        assertThat(ended).hasSize(1);
        SpanData span = ended.get(0);
        assertThat(span.getName()).isEqualTo("notify.fanout");
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo(ingest.getSpanContext().getTraceId());
        assertThat(span.getParentSpanId()).isEqualTo(ingest.getSpanContext().getSpanId());
        assertThat(span.getAttributes().get(DELIVERIES)).isEqualTo(5L);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("switchboard.channel"))).isEqualTo("shop:s1");
    }

    @Test
    void shouldEndAtOnceWithoutWriters() {
        Span ingest = tracer.spanBuilder("ingest").startSpan();
        traces.start(live(traces.traceparent(Context.root().with(ingest))), 2, 2, 0);
        assertThat(ended).extracting(s -> s.getAttributes().get(DELIVERIES)).containsExactly(2L);
    }

    @Test
    void shouldRecordNothingForAnEventWithoutATrace() {
        assertThat(traces.traceparent(Context.root())).isNull();
        FanoutTraces.Delivery delivery = traces.start(live(null), 3, 0, 1);
        assertThat(delivery).isSameAs(FanoutTraces.Delivery.NONE);
        delivery.written(3);
        assertThat(ended).isEmpty();
    }

    @Test
    void shouldIgnoreWhatIsNotATraceparent() {
        for (String bad : List.of("", "01-4bf92f3577b34da6a3ce929d0e0e4736", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01")) {
            assertThat(traces.start(live(bad), 1, 0, 1)).as(bad).isSameAs(FanoutTraces.Delivery.NONE);
        }
        assertThat(ended).isEmpty();
    }

    @Test
    void shouldNeitherPassOnNorFollowATraceWithTracingOff() {
        FanoutTraces off = new FanoutTraces(tracer, true);
        Span ingest = tracer.spanBuilder("ingest").startSpan();
        assertThat(off.traceparent(Context.root().with(ingest))).isNull();
        assertThat(off.start(live("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), 1, 1, 0))
                .isSameAs(FanoutTraces.Delivery.NONE);
        assertThat(ended).isEmpty();
    }

    private static LiveEvent live(String traceparent) {
        return new LiveEvent(new EventFrame("shop:s1", "ev-1", 7, "e1", Instant.now(), "{}"), traceparent);
    }
}
