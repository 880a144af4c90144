package io.switchboard.common.wire;

import io.micrometer.core.instrument.Metrics;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import io.quarkus.logging.Log;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

/**
 * Reads a Kafka value into its wire record with the application's {@code ObjectMapper} (Quarkus' Jackson
 * deserializer) and validates it on the way in. A value that is not JSON, not an object of the record's shape, or
 * that the record's check refuses, fails here, as a deserialization failure: with the channel's
 * {@code fail-on-deserialization-failure=false} and {@code failure-strategy=dead-letter-queue} the connector sends
 * the original bytes to the dead-letter topic (reason in {@code dead-letter-reason}) and the consumer goes on with
 * the next record; the method never sees it. Each refusal is logged (WARN) and counted in
 * {@code switchboard.kafka.unreadable{topic}}.
 *
 * @param <T> the wire record
 */
public abstract class WireDeserializer<T> extends ObjectMapperDeserializer<T> {
    private final String name;
    private final Function<T, Optional<String>> check;

    /** @param check what is wrong with a parsed value, if anything (a sentence for the dead-letter record) */
    protected WireDeserializer(Class<T> type, Function<T, Optional<String>> check) {
        super(type);
        this.name = type.getSimpleName();
        this.check = check;
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        T value;
        try {
            value = super.deserialize(topic, data);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw refused(topic, "not a valid " + name + " (" + cause.getClass().getSimpleName() + ")");
        }
        if (value == null) {
            throw refused(topic, "empty record");
        }
        Optional<String> problem = check.apply(value);
        if (problem.isPresent()) {
            throw refused(topic, problem.get());
        }
        return value;
    }

    /** Called for every value refused (after the log line and the shared counter); for a service's own meter. */
    protected void refused(String topic) {
    }

    private SerializationException refused(String topic, String reason) {
        Log.warnf("[kafka] unreadable record on %s sent to the dead-letter topic: %s", topic, reason);
        Metrics.counter("switchboard.kafka.unreadable", "topic", topic).increment();
        refused(topic);
        return new UnreadableRecordException(reason);
    }

    /** Why a value was refused; its message becomes the {@code dead-letter-reason} header. */
    static final class UnreadableRecordException extends SerializationException {
        UnreadableRecordException(String reason) {
            super(reason);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // an expected outcome, counted and logged in one line
        }
    }
}
