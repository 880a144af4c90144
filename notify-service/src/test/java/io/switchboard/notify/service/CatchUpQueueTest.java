package io.switchboard.notify.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.switchboard.notify.domain.ChannelCursor;
import io.switchboard.notify.service.CatchUpQueue.Waiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Pure logic: one history read per channel for all its waiting sockets, and at most {@code concurrency} reads at once. */
class CatchUpQueueTest {
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final List<UniEmitter<? super Void>> running = new ArrayList<>();
    private final AtomicInteger peak = new AtomicInteger();

    private CatchUpQueue queue(int concurrency) {
        return new CatchUpQueue(concurrency, Runnable::run, (channel, batch) -> Uni.createFrom().emitter(e -> {
            started.add(channel);
            batchSizes.add(batch.size());
            synchronized (running) {
                running.add(e);
                peak.accumulateAndGet(running.size(), Math::max);
            }
        }));
    }

    private static Waiter waiter() {
        return new Waiter(null, null, new ChannelCursor());
    }

    private void finishOne() {
        UniEmitter<? super Void> e;
        synchronized (running) {
            e = running.remove(0);
        }
        e.complete(null);
    }

    @Test
    void shouldReadEachChannelOnceForAllItsWaitersAndAtMostConcurrencyAtATime() {
        CatchUpQueue q = queue(2);
        q.add("a", waiter());
        q.add("b", waiter());
        q.add("c", waiter());
        q.add("c", waiter());
        q.add("c", waiter());
        assertThat(started).as("two reads at once; c waits its turn").isEqualTo(List.of("a", "b"));
        finishOne();
        assertThat(started).isEqualTo(List.of("a", "b", "c"));
        assertThat(batchSizes).as("one read serves the three sockets of c").isEqualTo(List.of(1, 1, 3));
        q.add("a", waiter()); // asked again: a new turn after the running ones
        finishOne();
        finishOne();
        finishOne();
        assertThat(started).isEqualTo(List.of("a", "b", "c", "a"));
        assertThat(peak.get()).isEqualTo(2);
        assertThat(q.size()).isEqualTo(0);
    }
}
