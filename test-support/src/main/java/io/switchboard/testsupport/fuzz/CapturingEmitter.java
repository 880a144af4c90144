package io.switchboard.testsupport.fuzz;

import io.smallrye.reactive.messaging.kafka.Record;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A Kafka channel's emitter that keeps the records (key, typed value) instead of sending them, for a publisher
 * built by hand: {@code new GatewayPublisher(replies, events)}. Every send succeeds at once.
 *
 * @param <T> the channel's value type (a wire record)
 */
public final class CapturingEmitter<T> implements Emitter<Record<String, T>> {
    private final List<Record<String, T>> records = new CopyOnWriteArrayList<>();

    /** What was sent, in order. */
    public List<Record<String, T>> records() {
        return List.copyOf(records);
    }

    public void clear() {
        records.clear();
    }

    @Override
    public CompletionStage<Void> send(Record<String, T> record) {
        records.add(record);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public <M extends Message<? extends Record<String, T>>> void send(M message) {
        records.add(message.getPayload());
        message.ack();
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
