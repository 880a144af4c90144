package io.switchboard.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.domain.LoginChange;
import io.switchboard.testsupport.SpanCollector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The change message's {@code traceparent} (format and parse) and the spans {@link QrTraces} makes, on an in-memory SDK. */
class QrTracesTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE + "-" + SPAN + "-01";

    private final SpanCollector spans = new SpanCollector();
    private final List<SpanData> exported = spans.ended();

    @Test
    void shouldPassOnTheCurrentSpanOnlyWithTracingOn() {
        Span webhook = spans.tracer().spanBuilder("POST /api/callbacks/qr-grants").startSpan();
        try (var ignored = webhook.makeCurrent()) {
            assertThat(new QrTraces(spans.tracer(), false).currentTraceparent())
                    .isEqualTo("00-" + webhook.getSpanContext().getTraceId() + "-" + webhook.getSpanContext().getSpanId() + "-01");
            assertThat(new QrTraces(spans.tracer(), true).currentTraceparent()).isNull();
        }
        assertThat(new QrTraces(spans.tracer(), false).currentTraceparent()).as("no current span").isNull();
    }

    @Test
    void shouldIgnoreAnAbsentOrMalformedTraceparent() {
        QrTraces traces = new QrTraces(spans.tracer(), false);
        for (String bad : new String[] {null, "", "garbage", "00-" + TRACE + "-" + SPAN, "ff-" + TRACE + "-" + SPAN + "-01",
                "00-" + "0".repeat(32) + "-" + SPAN + "-01", "00-" + TRACE.toUpperCase() + "-" + SPAN + "-01"}) {
            AtomicReference<Context> woken = new AtomicReference<>();
            traces.wake(new LoginChange("login-1", "scanned", bad), trace -> {
                woken.set(trace);
                return 1;
            });
            assertThat(woken.get()).as(String.valueOf(bad)).isSameAs(Context.root());
        }
        assertThat(exported).isEmpty();
    }

    @Test
    void shouldWakeAndGrantAsChildrenOfTheWebhooksSpan() {
        QrTraces traces = new QrTraces(spans.tracer(), false);
        AtomicReference<Context> woken = new AtomicReference<>();

        int told = traces.wake(new LoginChange("login-1", "granted", TRACEPARENT), trace -> {
            woken.set(trace);
            return 2;
        });
        String answer = traces.grant(woken.get(), "login-1", () -> Uni.createFrom().item(
                Span.current().getSpanContext().getSpanId())).await().atMost(Duration.ofSeconds(5));

        assertThat(told).isEqualTo(2);
        SpanData wake = exported.stream().filter(s -> s.getName().equals("qr.wake")).findFirst().orElseThrow();
        SpanData grant = exported.stream().filter(s -> s.getName().equals("qr.grant")).findFirst().orElseThrow();
        assertThat(wake.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(wake.getTraceId()).isEqualTo(TRACE);
        assertThat(wake.getParentSpanId()).isEqualTo(SPAN);
        assertThat(wake.getAttributes().get(AttributeKey.stringKey("switchboard.login.id"))).isEqualTo("login-1");
        assertThat(wake.getAttributes().get(AttributeKey.stringKey("switchboard.login.state"))).isEqualTo("granted");
        assertThat(wake.getAttributes().get(AttributeKey.longKey("switchboard.waiters.woken"))).isEqualTo(2L);
        assertThat(grant.getTraceId()).isEqualTo(TRACE);
        assertThat(grant.getParentSpanId()).isEqualTo(wake.getSpanId());
        assertThat(answer).as("the answer runs with qr.grant current").isEqualTo(grant.getSpanId());
    }

    @Test
    void shouldMakeNoSpanWithoutATraceparentOrWithTracingOff() {
        QrTraces on = new QrTraces(spans.tracer(), false);
        QrTraces off = new QrTraces(spans.tracer(), true);
        AtomicReference<Context> woken = new AtomicReference<>();

        on.wake(new LoginChange("login-1", "scanned", null), trace -> {
            woken.set(trace);
            return 1;
        });
        assertThat(woken.get()).isSameAs(Context.root());
        off.wake(new LoginChange("login-1", "scanned", TRACEPARENT), trace -> {
            woken.set(trace);
            return 1;
        });
        assertThat(woken.get()).isSameAs(Context.root());
        assertThat(on.grant(Context.root(), "login-1", () -> Uni.createFrom().item("answered"))
                .await().atMost(Duration.ofSeconds(5))).isEqualTo("answered");
        assertThat(off.currentTraceparent()).isNull();

        assertThat(exported).isEmpty();
    }
}
