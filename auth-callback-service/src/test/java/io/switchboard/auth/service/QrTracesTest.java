package io.switchboard.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.domain.LoginChange;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The change message's {@code traceparent} (format and parse) and the spans {@link QrTraces} makes, on an in-memory SDK. */
class QrTracesTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE + "-" + SPAN + "-01";

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new ListExporter(exported))).build();

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void shouldFormatAValidSpanContextAsW3cTraceparent() {
        SpanContext c = SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());

        assertThat(QrTraces.traceparent(c)).isEqualTo(TRACEPARENT);
        assertThat(QrTraces.traceparent(SpanContext.create(TRACE, SPAN, TraceFlags.getDefault(), TraceState.getDefault())))
                .isEqualTo("00-" + TRACE + "-" + SPAN + "-00");
        assertThat(QrTraces.traceparent(SpanContext.getInvalid())).isNull();
    }

    @Test
    void shouldParseATraceparentIntoARemoteParent() {
        SpanContext parsed = Span.fromContext(QrTraces.remoteParent(TRACEPARENT)).getSpanContext();

        assertThat(parsed.isValid()).isTrue();
        assertThat(parsed.isRemote()).isTrue();
        assertThat(parsed.getTraceId()).isEqualTo(TRACE);
        assertThat(parsed.getSpanId()).isEqualTo(SPAN);
        assertThat(parsed.isSampled()).isTrue();
        assertThat(QrTraces.traceparent(parsed)).isEqualTo(TRACEPARENT);
    }

    @Test
    void shouldIgnoreAnAbsentOrMalformedTraceparent() {
        for (String bad : new String[] {null, "", "garbage", "00-" + TRACE + "-" + SPAN, "ff-" + TRACE + "-" + SPAN + "-01",
                "00-" + "0".repeat(32) + "-" + SPAN + "-01", "00-" + TRACE + "-" + "0".repeat(16) + "-01",
                "00-" + TRACE.toUpperCase() + "-" + SPAN + "-01", "00-" + TRACE + "-" + SPAN + "-01-extra",
                "0x-" + TRACE + "-" + SPAN + "-01"}) {
            assertThat(Span.fromContext(QrTraces.remoteParent(bad)).getSpanContext().isValid()).as(bad).isFalse();
        }
    }

    @Test
    void shouldWakeAndGrantAsChildrenOfTheWebhooksSpan() {
        QrTraces traces = new QrTraces(provider.get("test"), false);
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
        QrTraces on = new QrTraces(provider.get("test"), false);
        QrTraces off = new QrTraces(provider.get("test"), true);
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

    private record ListExporter(List<SpanData> spans) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
