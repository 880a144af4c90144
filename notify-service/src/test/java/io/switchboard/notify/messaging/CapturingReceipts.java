package io.switchboard.notify.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.Record;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A real {@link ReceiptPublisher} whose emitter keeps the records instead of sending them to Kafka. */
public final class CapturingReceipts implements Emitter<Record<String, String>> {
    private final List<Record<String, String>> records = new CopyOnWriteArrayList<>();
    private final ReceiptPublisher publisher;

    public CapturingReceipts(ObjectMapper json) {
        publisher = new ReceiptPublisher(this, json);
    }

    public ReceiptPublisher publisher() {
        return publisher;
    }

    public List<Record<String, String>> records() {
        return List.copyOf(records);
    }

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
