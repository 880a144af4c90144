package io.switchboard.auth.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meters of the business-log outbox. The depth is the last one this process saw (a script's append or a relay
 * step), so reading the gauge costs Redis nothing.
 */
@ApplicationScoped
public class OutboxMetrics {
    private final AtomicLong depth = new AtomicLong();
    private final Counter relayed;
    private final Counter failed;
    private final Counter refused;

    OutboxMetrics(MeterRegistry registry) {
        Gauge.builder("switchboard.qr.outbox.depth", depth, AtomicLong::get)
                .description("Business-log records in the outbox not yet acknowledged by Kafka (last seen)").register(registry);
        relayed = Counter.builder("switchboard.qr.outbox.relayed").description("Records Kafka acknowledged").register(registry);
        failed = Counter.builder("switchboard.qr.outbox.failed").description("Record sends Kafka did not acknowledge (retried)")
                .register(registry);
        refused = Counter.builder("switchboard.qr.outbox.refused").description("Logins refused because the outbox was full")
                .register(registry);
    }

    /** Records the depth a script or relay step reported (negative: nothing reported). */
    public void depth(long observed) {
        if (observed >= 0) {
            depth.set(observed);
        }
    }

    public long depth() {
        return depth.get();
    }

    void relayed(int n) {
        relayed.increment(n);
    }

    void failed(int n) {
        failed.increment(n);
    }

    public void refused() {
        refused.increment();
    }
}
