package io.switchboard.auth.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.QrEvent;
import io.switchboard.auth.store.OutboxStore;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Sends the outbox's records to Kafka {@code auth.qr-events} (key: loginId) and removes them once Kafka
 * acknowledged them: at least once, in the order they were written. One relay per process; across replicas the
 * outbox lease lets one relay at a time work, and a relay that dies leaves it to the others when its lease lapses.
 * <p>
 * A step claims (takes or renews the lease and reads the oldest records), sends them, then removes the
 * acknowledged prefix. While Kafka fails it retries the first unacknowledged record with a doubling pause
 * ({@code retry-initial} to {@code retry-max}) and sends one record per step until one is acknowledged, then
 * doubles the step size back up to {@code batch-size}. Idle, it sends Redis nothing: it is woken by a change this
 * process recorded, a change another replica published, its timer for another relay's lease, or the
 * {@code idle-check} backstop.
 * <p>
 * The values are {@link QrEvent}s, but the outbox holds them already serialized: each was written by the script that
 * made the change, in the same step ({@code lua/lib/record.lua}). The relay sends that text as it is (a
 * {@code String} value, Kafka's {@code StringSerializer}) rather than parse and write it again, so the JSON on Kafka
 * is the one the change recorded; it reads each as a {@code QrEvent} only for its key.
 */
@ApplicationScoped
public class OutboxRelay {
    /** SmallRye's default emitter buffer: a step never sends more than it holds. */
    private static final int EMITTER_BUFFER = 128;
    private enum Timer { NONE, RETRY, OTHER_HOLDER, IDLE_CHECK }

    private final OutboxStore store;
    private final Emitter<Record<String, String>> kafka;
    private final ObjectMapper json;
    private final OutboxMetrics metrics;
    private final QrConfig.Outbox config;
    private final Vertx vertx;
    private final String relayId;
    private final int maxBatch;

    private boolean running;
    private boolean again;
    private boolean stopped;
    private long timerId = -1;
    private Timer timer = Timer.NONE;
    private int window = 1;
    private long pauseMs;
    private int failedSteps;
    private volatile String lastFailure;

    OutboxRelay(OutboxStore store, @Channel("qr-events") Emitter<Record<String, String>> kafka, ObjectMapper json,
                OutboxMetrics metrics, QrConfig config, Vertx vertx) {
        this.store = store;
        this.kafka = kafka;
        this.json = json;
        this.metrics = metrics;
        this.config = config.outbox();
        this.vertx = vertx;
        this.relayId = config.instanceId();
        this.maxBatch = Math.max(1, Math.min(this.config.batchSize(), EMITTER_BUFFER));
    }

    void start(@Observes StartupEvent event) {
        wake(); // records an earlier process left behind
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (this) {
            stopped = true;
            cancelTimer();
        }
        store.release(relayId).onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(2));
    }

    /** Something may be waiting in the outbox: relay it now, unless a step, a retry or another relay covers it. */
    public void wake() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (running) {
                again = true;
                return;
            }
            if (timer == Timer.RETRY || timer == Timer.OTHER_HOLDER) {
                return;
            }
            cancelTimer();
            running = true;
        }
        step();
    }

    /** Whether the last step failed (the relay is retrying), and why. */
    public synchronized String lastFailure() {
        return failedSteps > 0 ? lastFailure : null;
    }

    private void step() {
        int size;
        synchronized (this) {
            size = window;
        }
        try {
            store.claim(relayId, size).subscribe().with(this::onClaim, t -> retry("Redis: " + t.getMessage()));
        } catch (RuntimeException e) { // never let the relay fail the caller that woke it
            retry("Redis: " + e.getMessage());
        }
    }

    private void onClaim(OutboxStore.Claim claim) {
        metrics.depth(claim.depth());
        if (claim.idle()) {
            finish();
        } else if (claim.heldByOther()) {
            Log.debugf("[outbox] another relay holds the lease for %d ms", claim.otherHolderMs());
            pause(Timer.OTHER_HOLDER, claim.otherHolderMs() + 50);
        } else {
            send(claim.records());
        }
    }

    private void send(List<String> records) {
        List<Uni<Boolean>> acks = records.stream().map(this::sendOne).toList();
        Uni.join().all(acks).andFailFast().subscribe().with(results -> {
            int acked = 0;
            while (acked < results.size() && results.get(acked)) {
                acked++;
            }
            int sent = acked;
            metrics.relayed(sent);
            metrics.failed(records.size() - sent);
            if (sent == 0) {
                retry(lastFailure);
                return;
            }
            store.acknowledge(relayId, sent).subscribe().with(remaining -> afterAck(remaining, sent == records.size()),
                    t -> retry("Redis: " + t.getMessage()));
        }, t -> retry(t.getMessage()));
    }

    private Uni<Boolean> sendOne(String record) {
        CompletionStage<Void> ack;
        try {
            ack = kafka.send(Record.of(loginIdOf(record), record));
        } catch (RuntimeException e) { // buffer full, channel not ready: the same as an unacknowledged send
            ack = CompletableFuture.failedFuture(e);
        }
        return Uni.createFrom().completionStage(ack).ifNoItem().after(config.sendTimeout()).fail()
                .map(v -> true)
                .onFailure().recoverWithItem(t -> {
                    lastFailure = t.getClass().getSimpleName() + ": " + t.getMessage();
                    return false;
                });
    }

    private void afterAck(long remaining, boolean wholeStep) {
        if (remaining < 0) {
            Log.warn("[outbox] the relay lease lapsed during a step; the acknowledged records stay for the next holder");
            retry("lease lapsed");
            return;
        }
        metrics.depth(remaining);
        if (!wholeStep) {
            retry(lastFailure);
            return;
        }
        synchronized (this) {
            if (failedSteps > 0) {
                Log.infof("[outbox] Kafka acknowledges again after %d failed steps; %d records still to relay",
                        failedSteps, remaining);
            }
            failedSteps = 0;
            pauseMs = 0;
            window = Math.min(window * 2, maxBatch);
        }
        if (remaining > 0) {
            step();
        } else {
            finish();
        }
    }

    private void finish() {
        synchronized (this) {
            if (!again || stopped) {
                running = false;
                again = false;
                schedule(Timer.IDLE_CHECK, config.idleCheck().toMillis());
                return;
            }
            again = false;
        }
        step(); // woken while this step ran: look once more
    }

    private void retry(String reason) {
        long delay;
        int failures;
        synchronized (this) {
            failures = ++failedSteps;
            window = 1;
            pauseMs = pauseMs == 0 ? config.retryInitial().toMillis() : Math.min(pauseMs * 2, config.retryMax().toMillis());
            delay = pauseMs;
        }
        if (failures == 1) {
            Log.warnf("[outbox] relay to Kafka failed (%s); records stay in the outbox and are retried, pausing up to %s",
                    reason, config.retryMax());
        } else {
            Log.debugf("[outbox] relay step %d failed: %s", failures, reason);
        }
        pause(Timer.RETRY, delay);
    }

    private void pause(Timer kind, long delayMs) {
        synchronized (this) {
            running = false;
            again = false;
            schedule(kind, delayMs);
        }
    }

    /** Called with the monitor held. */
    private void schedule(Timer kind, long delayMs) {
        cancelTimer();
        if (stopped) {
            return;
        }
        timer = kind;
        timerId = vertx.setTimer(Math.max(1, delayMs), id -> onTimer(id));
    }

    private void onTimer(long id) {
        synchronized (this) {
            if (id != timerId || stopped || running) {
                return;
            }
            timerId = -1;
            timer = Timer.NONE;
            running = true;
        }
        step();
    }

    /** Called with the monitor held. */
    private void cancelTimer() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        timerId = -1;
        timer = Timer.NONE;
    }

    /** The record's key: its {@link QrEvent#loginId()}. */
    private String loginIdOf(String record) {
        try {
            return json.readValue(record, QrEvent.class).loginId();
        } catch (Exception e) {
            Log.warnf("[outbox] a record is not a QrEvent; sent without a key: %s", e.getMessage());
            return null;
        }
    }
}
