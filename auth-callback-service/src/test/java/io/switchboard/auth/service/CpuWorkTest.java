package io.switchboard.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.auth.domain.Overloaded;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fixed CPU pool: its thread count does not grow with a burst, and a full queue is refused, not queued. */
class CpuWorkTest {
    @Test
    void aBurstRunsOnTheFixedThreadsOnly() {
        CpuWork cpu = new CpuWork(2, 1000);
        try {
            var threads = ConcurrentHashMap.<String>newKeySet();
            // all 500 are submitted before any is awaited, and each holds its thread a little: a pool that grew
            // with its backlog (as the default worker pool does) would start many more than two threads here
            List<CompletableFuture<String>> submitted = IntStream.range(0, 500)
                    .mapToObj(i -> cpu.run(() -> {
                        threads.add(Thread.currentThread().getName());
                        LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                        return "r" + i;
                    }).subscribeAsCompletionStage())
                    .toList();
            List<String> results = submitted.stream().map(f -> f.orTimeout(30, TimeUnit.SECONDS).join()).toList();
            assertThat(results).hasSize(500).contains("r0", "r499");
            assertThat(threads).isNotEmpty().allMatch(name -> name.startsWith("qr-cpu-")).hasSizeLessThanOrEqualTo(2);
        } finally {
            cpu.stop();
        }
    }

    @Test
    void aFullQueueFailsWithOverloadedAndTheQueuedWorkStillRuns() throws InterruptedException {
        CpuWork cpu = new CpuWork(1, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try {
            var busy = cpu.run(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "first";
            }).subscribeAsCompletionStage();
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            var queued = cpu.run(() -> "second").subscribeAsCompletionStage();
            assertThatThrownBy(() -> cpu.run(() -> "third").await().atMost(Duration.ofSeconds(5)))
                    .isInstanceOf(Overloaded.class);
            release.countDown();
            assertThat(busy.toCompletableFuture().join()).isEqualTo("first");
            assertThat(queued.toCompletableFuture().join()).isEqualTo("second");
        } finally {
            cpu.stop();
        }
    }

    @Test
    void aFailureOfTheWorkReachesTheCaller() {
        CpuWork cpu = new CpuWork(1, 10);
        try {
            assertThatThrownBy(() -> cpu.run(() -> {
                throw new IllegalStateException("no key");
            }).await().atMost(Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class).hasMessage("no key");
        } finally {
            cpu.stop();
        }
    }
}
