package io.switchboard.notify.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.switchboard.common.wire.Receipt;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Writes read receipts to Kafka {@code notify.receipts}, keyed by channel (the value by Quarkus' Jackson serializer). */
@ApplicationScoped
public class ReceiptPublisher {
    private final Emitter<Record<String, Receipt>> receipts;

    public ReceiptPublisher(@Channel("notify-receipts") Emitter<Record<String, Receipt>> receipts) {
        this.receipts = receipts;
    }

    /** Completes when Kafka has the receipt. */
    public Uni<Void> send(Receipt receipt) {
        return Uni.createFrom().completionStage(() -> receipts.send(Record.of(receipt.channel(), receipt)))
                .invoke(() -> Log.debugf("[channel %s][event %s] receipt from %s written to Kafka", receipt.channel(),
                        receipt.eventId(), receipt.userId()));
    }
}
