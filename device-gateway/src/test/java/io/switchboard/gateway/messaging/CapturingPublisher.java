package io.switchboard.gateway.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.Record;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A real {@link GatewayPublisher} whose two emitters keep the records (key, JSON value) instead of sending them to Kafka. */
public final class CapturingPublisher {
    private final Capture replies = new Capture();
    private final Capture events = new Capture();
    private final GatewayPublisher publisher;

    public CapturingPublisher(ObjectMapper json) {
        publisher = new GatewayPublisher(replies, events, json);
    }

    public GatewayPublisher publisher() {
        return publisher;
    }

    /** Values written to {@code device.replies}. */
    public List<Record<String, String>> replies() {
        return List.copyOf(replies.records);
    }

    /** Values written to {@code device.events}. */
    public List<Record<String, String>> events() {
        return List.copyOf(events.records);
    }

    public void clear() {
        replies.records.clear();
        events.records.clear();
    }

    private static final class Capture implements Emitter<Record<String, String>> {
        final List<Record<String, String>> records = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> send(Record<String, String> record) {
            records.add(record);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public <M extends Message<? extends Record<String, String>>> void send(M message) {
            records.add(message.getPayload());
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
