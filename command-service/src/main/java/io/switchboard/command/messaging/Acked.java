package io.switchboard.command.messaging;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends a message through an emitter and completes when the broker acknowledged it (fails on its nack). */
final class Acked {
    private Acked() {
    }

    static <T> Uni<Void> send(Emitter<T> emitter, Message<T> message) {
        return Uni.createFrom().emitter(e -> emitter.send(message
                .withAck(() -> {
                    e.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    e.fail(t);
                    return CompletableFuture.completedFuture(null);
                })));
    }
}
