package io.switchboard.command.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.common.redis.RedisSubscription;
import io.switchboard.common.redis.RedisSubscriptions;
import io.switchboard.command.store.CommandStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP requests of this instance waiting for a command to end. One Redis subscription per instance
 * (to {@link CommandStore#UPDATES}) completes them, whichever instance recorded the reply; a waiter
 * holds a future and a timer, never a thread. The subscription comes back by itself after Redis
 * drops it, and then re-reads every waited-for command, since updates published meanwhile are gone.
 */
@ApplicationScoped
public class Waiters {
    private static final TypeReference<Map<String, String>> HASH = new TypeReference<>() { };

    private final Map<String, Set<CompletableFuture<CommandRecord>>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final RedisSubscriptions subscriptions;
    private final CommandStore store;
    private final ObjectMapper json;
    private volatile RedisSubscription updates;

    Waiters(RedisSubscriptions subscriptions, CommandStore store, ObjectMapper json, MeterRegistry registry) {
        this.subscriptions = subscriptions;
        this.store = store;
        this.json = json;
        Gauge.builder("switchboard.commands.waiting", count, AtomicInteger::get)
                .description("HTTP requests waiting for a device's answer").register(registry);
    }

    void listen(@Observes StartupEvent start) {
        updates = subscriptions.open("command updates", List.of(CommandStore.UPDATES), (channel, message) -> onUpdate(message),
                this::resync);
    }

    /** True while the update subscription is up (part of readiness). */
    public boolean listening() {
        return updates != null && updates.up();
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

    private void onUpdate(String message) {
        try {
            Map<String, String> hash = json.readValue(message, HASH);
            if (waiting.containsKey(hash.get("commandId"))) {
                complete(store.fromPublished(hash));
            }
        } catch (Exception e) {
            Log.warnf("ignoring an unreadable command update: %s", e.getMessage());
        }
    }
}
