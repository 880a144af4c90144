package io.switchboard.common.flow;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Lets a Kafka consumer process records concurrently, up to a bound. A record's work starts at once;
 * the returned Uni completes at once while fewer than {@code limit} are in flight, and otherwise only
 * when this record's work is done, which holds back the next record (backpressure). Work must handle
 * its own failures; a failure here is swallowed so the stream keeps moving.
 */
public final class InFlight {
    private final int limit;
    private final AtomicInteger count = new AtomicInteger();

    public InFlight(int limit) {
        this.limit = limit;
    }

    public Uni<Void> submit(Supplier<? extends Uni<? extends Void>> work) {
        int now = count.incrementAndGet();
        Uni<Void> running = Uni.createFrom().<Void>deferred(work::get)
                .onFailure().recoverWithNull()
                .eventually(count::decrementAndGet)
                .memoize().indefinitely();
        running.subscribe().with(v -> { }, t -> { });
        return now > limit ? running : Uni.createFrom().voidItem();
    }

    public int inFlight() {
        return count.get();
    }
}
