package io.switchboard.testsupport;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory OpenTelemetry SDK for tests of hand-written spans: a tracer whose ended spans are kept in order. */
public final class SpanCollector implements SpanExporter {
    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private final Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this)).build()
            .get("test");

    /** The tracer to hand to the code under test. */
    public Tracer tracer() {
        return tracer;
    }

    /** The spans ended so far, oldest first (a live view). */
    public List<SpanData> ended() {
        return ended;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        ended.addAll(spans);
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
