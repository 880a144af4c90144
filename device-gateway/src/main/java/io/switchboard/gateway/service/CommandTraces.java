package io.switchboard.gateway.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.tracing.TraceParent;
import io.switchboard.common.wire.DeviceCommand;
import io.switchboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gateway's part of a command's trace (docs/observability.md): the device link is plain Vert.x, so its spans are
 * written here, the Kafka ones come from the instrumentation. Per command: {@code device.command} (child of the
 * record's consume span, from the write until the device's answer; its id goes to the device in the frame's
 * {@code params._meta.traceparent}) with the child {@code device.write} (the socket write). The reports produced to
 * {@code device.replies} are children of {@code device.command}.
 * <p>
 * From the start of its write, a command's span waits for the answer here, by command id: at most
 * {@code gateway.trace-awaiting-max} of them, none past its command's deadline plus a minute (an older or surplus
 * one is ended as unanswered when the next command starts). With tracing off the tracer is a no-op: every span is
 * invalid and nothing is kept.
 */
@ApplicationScoped
public class CommandTraces {
    private static final long LATE_ANSWER_GRACE_SECONDS = 60;

    private final Tracer tracer;
    private final int max;
    /** Written commands waiting for the device's answer, oldest first. */
    private final Map<String, Awaiting> awaiting = new LinkedHashMap<>();

    private record Awaiting(Span span, Instant until) { }

    CommandTraces(Tracer tracer, GatewayConfig config) {
        this.tracer = tracer;
        this.max = config.traceAwaitingMax();
    }

    /**
     * Starts a command's span, child of {@code parent} (the consumed record's), and keeps it waiting for the device's
     * answer from now on (the answer may arrive before the write's completion is seen); invalid when tracing is off.
     */
    public Span start(DeviceCommand command, Context parent) {
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return Span.getInvalid();
        }
        Span span = tracer.spanBuilder("device.command").setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute("rpc.system", "jsonrpc")
                .setAttribute("rpc.method", command.method())
                .setAttribute("switchboard.device.id", command.deviceId())
                .setAttribute("switchboard.command.id", command.commandId())
                .startSpan();
        Instant deadline = command.deadline() != null ? command.deadline() : Instant.now();
        Awaiting entry = new Awaiting(span, deadline.plusSeconds(LATE_ANSWER_GRACE_SECONDS));
        Awaiting replaced;
        synchronized (awaiting) {
            replaced = awaiting.put(command.commandId(), entry);
            evict(Instant.now());
        }
        if (replaced != null) {
            unanswered(replaced.span());
        }
        return span;
    }

    /** The W3C {@code traceparent} of {@code span} for the device frame; null when tracing is off. */
    public static String traceparent(Span span) {
        return TraceParent.of(span.getSpanContext());
    }

    /** Runs the socket write inside a {@code device.write} span, child of the command's. */
    public Uni<Void> write(Span command, Supplier<Uni<Void>> write) {
        if (!command.getSpanContext().isValid()) {
            return write.get();
        }
        Span span = tracer.spanBuilder("device.write").setParent(Context.root().with(command)).startSpan();
        return write.get().onItemOrFailure().invoke((ok, t) -> {
            if (t != null) {
                span.setStatus(StatusCode.ERROR, t.toString());
            }
            span.end();
        });
    }

    /** The command was not written (write failed or timed out): its span stops waiting and ends with the reason. */
    public void notWritten(DeviceCommand command, Span span, String reason) {
        if (!span.getSpanContext().isValid()) {
            return;
        }
        synchronized (awaiting) {
            Awaiting entry = awaiting.get(command.commandId());
            if (entry != null && entry.span() == span) {
                awaiting.remove(command.commandId());
            }
        }
        span.setAttribute("switchboard.outcome", reason);
        span.setStatus(StatusCode.ERROR, reason);
        span.end();
    }

    /**
     * The device answered {@code commandId}: ends its span and returns the context for the report, the root
     * context when no span waits for it (tracing off, an answer past the grace, or to a command of another gateway).
     */
    public Context answered(String commandId, boolean error) {
        Awaiting entry;
        synchronized (awaiting) {
            if (awaiting.isEmpty()) {
                return Context.root();
            }
            entry = awaiting.remove(commandId);
        }
        if (entry == null) {
            return Context.root();
        }
        Span span = entry.span();
        span.setAttribute("switchboard.outcome", error ? "error" : "result");
        if (error) {
            span.setStatus(StatusCode.ERROR, "the device answered with an error");
        }
        span.end();
        return Context.root().with(span);
    }

    /** Commands whose span waits for an answer (for tests and the limit). */
    public int awaiting() {
        synchronized (awaiting) {
            return awaiting.size();
        }
    }

    /** Ends, oldest first, the spans over the bound or past their command's deadline and grace; holds the lock. */
    private void evict(Instant now) {
        Iterator<Awaiting> it = awaiting.values().iterator();
        while (it.hasNext()) {
            Awaiting oldest = it.next();
            if (awaiting.size() <= max && oldest.until().isAfter(now)) {
                return;
            }
            it.remove();
            unanswered(oldest.span());
        }
    }

    private static void unanswered(Span span) {
        span.setAttribute("switchboard.outcome", "unanswered");
        span.end();
    }
}
