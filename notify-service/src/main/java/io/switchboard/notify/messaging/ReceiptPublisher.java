package io.switchboard.notify.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.switchboard.notify.domain.Receipt;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Writes read receipts to Kafka {@code notify.receipts}, keyed by channel. */
@ApplicationScoped
public class ReceiptPublisher {
    private final Emitter<Record<String, String>> receipts;
    private final ObjectMapper json;

    ReceiptPublisher(@Channel("notify-receipts") Emitter<Record<String, String>> receipts, ObjectMapper json) {
        this.receipts = receipts;
        this.json = json;
    }

    /** Completes when Kafka has the receipt. */
    public Uni<Void> send(Receipt receipt) {
        String value;
        try {
            value = json.writeValueAsString(receipt);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("receipt not serializable", e));
        }
        return Uni.createFrom().completionStage(() -> receipts.send(Record.of(receipt.channel(), value)))
                .invoke(() -> Log.debugf("[channel %s][event %s] receipt from %s written to Kafka", receipt.channel(),
                        receipt.eventId(), receipt.userId()));
    }
}
