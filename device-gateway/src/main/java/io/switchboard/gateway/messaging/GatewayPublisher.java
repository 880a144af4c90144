package io.switchboard.gateway.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.Record;
import io.switchboard.common.wire.DeviceEvent;
import io.switchboard.common.wire.DeviceReply;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes to Kafka {@code device.replies} and {@code device.events}, keyed by device id (values written by Quarkus'
 * Jackson serializer). Fire and forget: the producer keeps a record through a short broker outage (see
 * application.properties, Kafka section), and a record it finally gives up on is logged, never thrown at the socket
 * handler. A reply sent within a trace (a command's span, docs/observability.md) carries it: the Kafka instrumentation's
 * produce span is its child and the record's {@code traceparent} header names it.
 */
@ApplicationScoped
public class GatewayPublisher {
    private final Emitter<Record<String, DeviceReply>> replies;
    private final Emitter<Record<String, DeviceEvent>> events;

    public GatewayPublisher(@Channel("device-replies") Emitter<Record<String, DeviceReply>> replies,
                     @Channel("device-events") Emitter<Record<String, DeviceEvent>> events) {
        this.replies = replies;
        this.events = events;
    }

    public void reply(DeviceReply reply) {
        reply(reply, Context.root());
    }

    /** The same within {@code trace} (a command's span); the root context when there is none. */
    public void reply(DeviceReply reply, Context trace) {
        String what = "[device " + reply.deviceId() + "][command " + reply.commandId() + "] reply " + reply.kind();
        if (Span.fromContext(trace).getSpanContext().isValid()) {
            sendTraced(replies, Record.of(reply.deviceId(), reply), trace, what);
        } else {
            send(replies, Record.of(reply.deviceId(), reply), what);
        }
    }

    public void event(DeviceEvent event) {
        send(events, Record.of(event.deviceId(), event), "[device " + event.deviceId() + "] event " + event.method());
    }

    private static <T> void sendTraced(Emitter<Record<String, T>> emitter, Record<String, T> record, Context trace,
                                       String what) {
        Message<Record<String, T>> message = Message.of(record).addMetadata(TracingMetadata.withCurrent(trace))
                .withAck(() -> {
                    Log.debugf("%s written to Kafka", what);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    Log.warnf("%s not written to Kafka: %s", what, failure.toString());
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            Log.warnf("%s not written to Kafka: %s", what, e.toString());
        }
    }

    private static <T> void send(Emitter<Record<String, T>> emitter, Record<String, T> record, String what) {
        try {
            emitter.send(record).whenComplete((ok, failure) -> {
                if (failure != null) {
                    Log.warnf("%s not written to Kafka: %s", what, failure.toString());
                } else {
                    Log.debugf("%s written to Kafka", what);
                }
            });
        } catch (RuntimeException e) {
            // the emitter's buffer is full (the broker has been away long): drop this one, never fail the caller
            Log.warnf("%s not written to Kafka: %s", what, e.toString());
        }
    }
}
