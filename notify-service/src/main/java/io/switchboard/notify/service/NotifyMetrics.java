package io.switchboard.notify.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The service's meters (Prometheus names in docs/notifications.md). */
@Startup // its meters exist from the start, at 0 (deploy/monitoring reads them)
@ApplicationScoped
public class NotifyMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger sockets = new AtomicInteger();
    private final Counter deliveries;
    private final Counter failedDeliveries;
    private final Timer latency;
    private final Counter slowConsumers;

    NotifyMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("switchboard.notify.sockets", sockets, AtomicInteger::get)
                .description("browser sockets open on this replica").register(registry);
        this.deliveries = Counter.builder("switchboard.notify.deliveries")
                .description("events written to browser sockets").register(registry);
        this.failedDeliveries = Counter.builder("switchboard.notify.deliveries.failed")
                .description("event writes that failed (socket gone)").register(registry);
        this.latency = Timer.builder("switchboard.notify.delivery.latency")
                .description("from ingest to the event's write to a browser socket")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        this.slowConsumers = Counter.builder("switchboard.notify.slow.consumers")
                .description("sockets closed with 4001 because their outbound queue was full").register(registry);
    }

    public void socketOpened() {
        sockets.incrementAndGet();
    }

    public void socketClosed() {
        sockets.decrementAndGet();
    }

    public void delivered(Duration sinceIngest) {
        deliveries.increment();
        latency.record(sinceIngest.isNegative() ? Duration.ZERO : sinceIngest);
    }

    /**
     * {@code count} live deliveries of one event written by one event loop, with one latency sample for them all:
     * from ingest to the last of them (a sample per socket cost more than the write itself at 10k sockets).
     */
    public void delivered(int count, Instant ingested) {
        if (count > 0) {
            deliveries.increment(count);
            latency.record(Math.max(0, System.currentTimeMillis() - ingested.toEpochMilli()), TimeUnit.MILLISECONDS);
        }
    }

    public void deliveryFailed() {
        failedDeliveries.increment();
    }

    public void slowConsumer() {
        slowConsumers.increment();
    }

    /** Ingest outcomes: stored, duplicate, invalid, failed; {@code source} is kafka, http, socket or reminder. */
    public void ingested(String source, String outcome) {
        registry.counter("switchboard.notify.ingest", "source", source, "outcome", outcome).increment();
    }

    /** Server-side catch-ups of a socket's channel after the fan-out came back: replayed, or closed (4002). */
    public void catchUp(String outcome) {
        registry.counter("switchboard.notify.catch.ups", "outcome", outcome).increment();
    }

    /** Browser requests by method and outcome (ok, or the JSON-RPC error code). */
    public void request(String method, String outcome) {
        registry.counter("switchboard.notify.requests", "method", method, "outcome", outcome).increment();
    }
}
