package io.switchboard.auth.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.Overloaded;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fixed pool for this service's CPU-bound work (QR images, RS256 signatures): {@code qr.cpu.threads} threads
 * (default one per processor) and a queue of {@code qr.cpu.queue}. The default worker pool grows to 200
 * threads under a burst of logins, which on a small machine buys no throughput and costs memory and
 * context switches; here the thread count is fixed and a full queue is refused with {@link Overloaded}.
 */
@ApplicationScoped
class CpuWork {
    private final ThreadPoolExecutor executor;

    @Inject
    CpuWork(QrConfig config) {
        this(config.cpu().threads().orElse(Runtime.getRuntime().availableProcessors()), config.cpu().queue());
    }

    CpuWork(int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                task -> {
                    Thread t = new Thread(task, "qr-cpu-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs {@code work} on a pool thread; fails with {@link Overloaded} when the queue is full. */
    <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().emitter(emitter -> {
            try {
                executor.execute(() -> {
                    T result;
                    try {
                        result = work.get();
                    } catch (Throwable t) {
                        emitter.fail(t);
                        return;
                    }
                    emitter.complete(result);
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(new Overloaded());
            }
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
