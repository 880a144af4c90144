package io.switchboard.command.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.store.CommandStore;
import io.switchboard.command.store.CommandUpdatesFeed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP requests of this instance waiting for a command to end. The instance's one Redis subscription
 * ({@link CommandUpdatesFeed}) completes them, whichever instance recorded the reply; a waiter holds a
 * future and a timer, never a thread. The subscription comes back by itself after Redis drops it, and
 * then every waited-for command is re-read, since updates published meanwhile are gone.
 */
@ApplicationScoped
public class Waiters {
    private final Map<String, Set<CompletableFuture<CommandRecord>>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final CommandUpdatesFeed updates;
    private final CommandStore store;

    Waiters(CommandUpdatesFeed updates, CommandStore store, CommandConfig config, MeterRegistry registry) {
        this.updates = updates;
        this.store = store;
        Gauge.builder("switchboard.commands.waiting", count, AtomicInteger::get)
                .description("HTTP requests waiting for a device's answer").register(registry);
        // the cap as a gauge too, so an alert is a ratio that holds whatever commands.max-waiters is set to
        int max = config.maxWaiters();
        Gauge.builder("switchboard.commands.waiting.max", () -> max)
                .description("commands.max-waiters: HTTP requests this instance lets wait at once (then 503)").register(registry);
    }

    void listen(@Observes StartupEvent start) {
        updates.listen(this::complete, this::resync);
    }

    public int size() {
        return count.get();
    }

    /**
     * Registers a waiter now and returns its outcome: the ended record, or null after {@code timeout}.
     * Register before sending, so an answer cannot slip past; the timer runs from this call.
     */
    public Uni<CommandRecord> await(String commandId, Duration timeout) {
        CompletableFuture<CommandRecord> future = register(commandId);
        Uni<CommandRecord> outcome = Uni.createFrom().completionStage(future)
                .ifNoItem().after(timeout).recoverWithItem((CommandRecord) null)
                .eventually(() -> unregister(commandId, future))
                .memoize().indefinitely();
        outcome.subscribe().with(r -> { }, t -> { }); // start the timer now, not when a caller subscribes
        return outcome;
    }

    /** Completes this instance's waiters of a command (also used when this instance learns the end first). */
    public void complete(CommandRecord record) {
        Set<CompletableFuture<CommandRecord>> set = waiting.get(record.commandId());
        if (set != null) {
            set.forEach(f -> f.complete(record));
        }
    }

    private CompletableFuture<CommandRecord> register(String commandId) {
        CompletableFuture<CommandRecord> future = new CompletableFuture<>();
        waiting.computeIfAbsent(commandId, k -> ConcurrentHashMap.newKeySet()).add(future);
        count.incrementAndGet();
        return future;
    }

    private void unregister(String commandId, CompletableFuture<CommandRecord> future) {
        count.decrementAndGet();
        waiting.computeIfPresent(commandId, (k, set) -> {
            set.remove(future);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * After a re-subscribe: end states published meanwhile were lost, so every command still waited for is
     * read from the store once, and its waiters complete if it ended.
     */
    void resync() {
        Set<String> ids = Set.copyOf(waiting.keySet());
        if (ids.isEmpty()) {
            return;
        }
        Log.infof("re-reading %d waited-for commands after a Redis re-subscribe", ids.size());
        for (String id : ids) {
            store.find(id).subscribe().with(found -> found.filter(r -> r.state().terminal()).ifPresent(this::complete),
                    t -> Log.warnf("[command %s] not re-read after a Redis re-subscribe: %s", id, t.getMessage()));
        }
    }
}
