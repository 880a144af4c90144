package io.switchboard.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.wire.DeviceCommand;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.testsupport.SpanCollector;
import io.switchboard.testsupport.fuzz.ConfigDefaults;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's command spans and their bounded wait for the device's answer (pure logic, an in-memory SDK). */
class CommandTracesTest {
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("switchboard.outcome");

    private final SpanCollector spans = new SpanCollector();
    private final List<SpanData> ended = spans.ended();
    private final Tracer tracer = spans.tracer();

    @Test
    void shouldEndTheCommandSpanWithTheDevicesAnswerAsChildOfTheConsumeSpan() {
        CommandTraces traces = traces(10);
        Span consume = tracer.spanBuilder("device.commands receive").startSpan();
        DeviceCommand command = command("c-1");

        Span span = traces.start(command, Context.root().with(consume));
        traces.write(span, () -> Uni.createFrom().voidItem()).await().indefinitely();
        Context report = traces.answered("c-1", false);

        assertThat(CommandTraces.traceparent(span)).isEqualTo("00-" + consume.getSpanContext().getTraceId() + "-"
                + span.getSpanContext().getSpanId() + "-01");
        assertThat(Span.fromContext(report).getSpanContext()).isEqualTo(span.getSpanContext());
        assertThat(ended).extracting(SpanData::getName).containsExactly("device.write", "device.command");
        SpanData commandSpan = ended.get(1);
        assertThat(commandSpan.getParentSpanId()).isEqualTo(consume.getSpanContext().getSpanId());
        assertThat(commandSpan.getAttributes().get(OUTCOME)).isEqualTo("result");
        assertThat(ended.get(0).getParentSpanId()).isEqualTo(span.getSpanContext().getSpanId());
        assertThat(traces.awaiting()).isZero();
    }

    @Test
    void shouldEndTheOldestAsUnansweredBeyondTheBound() {
        CommandTraces traces = traces(2);
        Context parent = Context.root().with(tracer.spanBuilder("receive").startSpan());
        for (String id : List.of("c-1", "c-2", "c-3")) {
            traces.start(command(id), parent);
        }

        assertThat(traces.awaiting()).isEqualTo(2);
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).getAttributes().get(AttributeKey.stringKey("switchboard.command.id"))).isEqualTo("c-1");
        assertThat(ended.get(0).getAttributes().get(OUTCOME)).isEqualTo("unanswered");
        assertThat(Span.fromContext(traces.answered("c-1", false)).getSpanContext().isValid()).isFalse();
        assertThat(Span.fromContext(traces.answered("c-3", true)).getSpanContext().isValid()).isTrue();
    }

    @Test
    void shouldStopWaitingForACommandThatWasNotWritten() {
        CommandTraces traces = traces(10);
        DeviceCommand command = command("c-1");
        Span span = traces.start(command, Context.root().with(tracer.spanBuilder("receive").startSpan()));

        traces.notWritten(command, span, "write_failed");

        assertThat(traces.awaiting()).isZero();
        assertThat(ended).singleElement().satisfies(s -> assertThat(s.getAttributes().get(OUTCOME)).isEqualTo("write_failed"));
    }

    @Test
    void shouldKeepNothingWhenTracingIsOff() {
        CommandTraces traces = new CommandTraces(OpenTelemetry.noop().getTracer("off"), config(10));
        DeviceCommand command = command("c-1");

        Span span = traces.start(command, Context.root());

        assertThat(CommandTraces.traceparent(span)).isNull();
        assertThat(traces.awaiting()).isZero();
        assertThat(CommandDelivery.frame(command, CommandTraces.traceparent(span))).doesNotContain("traceparent");
    }

    private CommandTraces traces(int max) {
        return new CommandTraces(tracer, config(max));
    }

    private static GatewayConfig config(int max) {
        return ConfigDefaults.of(GatewayConfig.class, Map.of("instanceId", "gw-test", "traceAwaitingMax", max));
    }

    private static DeviceCommand command(String id) {
        return new DeviceCommand(id, "d-1", "dispense", null, Instant.now().plusSeconds(30), Instant.now());
    }
}
