package io.switchboard.auth.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.domain.LoginChange;
import io.switchboard.common.tracing.TraceParent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A QR login's part of the webhook caller's trace (docs/observability.md): the wake-up crosses Redis pub/sub, which
 * the instrumentation does not see, so its spans are written here. The webhook's script publishes the W3C
 * {@code traceparent} of the current span with the change; the replica holding the browser's waiter dispatches it
 * inside {@code qr.wake} (consumer, child of that remote span), and the woken waiter answers inside {@code qr.grant}
 * (child of {@code qr.wake}): the read, the signing and the consume script, and for a push socket the frame's write.
 * With tracing off ({@code quarkus.otel.sdk.disabled}) no field is published and a received one is ignored: no span
 * is started, nothing kept.
 */
@ApplicationScoped
public class QrTraces {
    private final Tracer tracer;
    private final boolean enabled;

    QrTraces(Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean disabled) {
        this.tracer = tracer;
        this.enabled = !disabled;
    }

    /**
     * The W3C {@code traceparent} of the current span for the change message; null when there is none or tracing is
     * off (a caller's {@code traceparent} header alone is not passed on then).
     */
    public String currentTraceparent() {
        return enabled ? TraceParent.of(Span.current().getSpanContext()) : null;
    }

    /**
     * Runs {@code dispatch} (which returns how many waiters it woke) inside a {@code qr.wake} span, child of the
     * change's remote parent, and hands it the context its waiters continue in; without a valid parent, or with
     * tracing off here (a message from a traced replica), it gets the root context and no span is made.
     */
    public int wake(LoginChange change, ToIntFunction<Context> dispatch) {
        Context parent = enabled ? TraceParent.parent(change.traceparent()) : Context.root();
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return dispatch.applyAsInt(Context.root());
        }
        Span span = tracer.spanBuilder("qr.wake").setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("switchboard.login.id", change.loginId())
                .setAttribute("switchboard.login.state", change.state())
                .startSpan();
        try {
            int woken = dispatch.applyAsInt(parent.with(span));
            span.setAttribute("switchboard.waiters.woken", woken);
            return woken;
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.toString());
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * The woken waiter's answer inside a {@code qr.grant} span, child of {@code parent} (the wake's context), until
     * {@code answer}'s item or failure. The work runs on a new Vert.x duplicated context that carries the span as the
     * current OpenTelemetry context, so the Redis client's spans (and anything else instrumented) are its children;
     * without a valid parent {@code answer} is called as is.
     */
    public <T> Uni<T> grant(Context parent, String loginId, Supplier<Uni<T>> answer) {
        if (parent == null || !Span.fromContext(parent).getSpanContext().isValid()) {
            return answer.get();
        }
        return Uni.createFrom().deferred(() -> {
            Span span = tracer.spanBuilder("qr.grant").setParent(parent).setSpanKind(SpanKind.INTERNAL)
                    .setAttribute("switchboard.login.id", loginId).startSpan();
            Context traced = parent.with(span);
            io.vertx.core.Context caller = Vertx.currentContext();
            Uni<T> work = caller == null ? inScope(traced, answer) : onDuplicate(caller, traced, answer);
            return work.onItemOrFailure().invoke((item, t) -> {
                if (t != null) {
                    span.setStatus(StatusCode.ERROR, t.toString());
                }
                span.end();
            });
        });
    }

    /** Off Vert.x (tests): the context is current while {@code answer} is built and subscribed to. */
    private static <T> Uni<T> inScope(Context traced, Supplier<Uni<T>> answer) {
        return Uni.createFrom().emitter(emitter -> {
            try (Scope ignored = traced.makeCurrent()) {
                answer.get().subscribe().with(emitter::complete, emitter::fail);
            }
        });
    }

    /**
     * On a new duplicated context of {@code caller}'s event loop, with {@code traced} as its OpenTelemetry context (the
     * Vert.x tracer takes a Redis request's parent from there); the scope closes when the work ends.
     */
    private static <T> Uni<T> onDuplicate(io.vertx.core.Context caller, Context traced, Supplier<Uni<T>> answer) {
        io.vertx.core.Context duplicate = VertxContext.createNewDuplicatedContext(caller);
        return Uni.createFrom().<T>emitter(emitter -> duplicate.runOnContext(v -> {
            Scope scope = traced.makeCurrent();
            Uni<T> work;
            try {
                work = answer.get();
            } catch (RuntimeException e) {
                scope.close();
                emitter.fail(e);
                return;
            }
            work.subscribe().with(item -> {
                scope.close();
                emitter.complete(item);
            }, t -> {
                scope.close();
                emitter.fail(t);
            });
        }));
    }
}
