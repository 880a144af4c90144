package io.switchboard.auth.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.Startup;
import io.switchboard.auth.config.QrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This process's waiters (long-polls and push sockets), by login id. They hold no thread: each is a
 * callback run when the Redis subscription reports a change of its login, with {@code null} meaning
 * "re-read, changes may have been missed". At most {@code qr.waiting.max-waiters} at once.
 */
@Startup // its meters exist from the start, at 0 (deploy/monitoring reads them)
@ApplicationScoped
public class LoginListeners {
    /** Who waits: a long-poll or a push socket (the tag of the {@code switchboard.qr.waiters} gauge). */
    public enum Kind { POLL, PUSH }

    /** What a waiter does on a change: {@code state} null means "re-read"; {@code trace} is the root context unless traced. */
    @FunctionalInterface
    public interface Waiter {
        void changed(String state, Context trace);
    }

    private final ConcurrentHashMap<String, Set<Listener>> byLogin = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger polls;
    private final AtomicInteger pushes;
    private final int max;

    LoginListeners(QrConfig config, MeterRegistry registry) {
        this.max = config.waiting().maxWaiters();
        this.polls = registry.gauge("switchboard.qr.waiters", Tags.of("kind", "poll"), new AtomicInteger());
        this.pushes = registry.gauge("switchboard.qr.waiters", Tags.of("kind", "push"), new AtomicInteger());
        // the cap as a gauge too, so an alert is a ratio that holds whatever qr.waiting.max-waiters is set to
        int cap = max;
        Gauge.builder("switchboard.qr.waiters.max", () -> cap)
                .description("qr.waiting.max-waiters: long-polls and push sockets this process holds at once").register(registry);
    }

    /** A registered callback; {@link #close()} removes it (idempotent). */
    public final class Listener implements AutoCloseable {
        private final String loginId;
        private final Kind kind;
        private final Waiter onChange;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Listener(String loginId, Kind kind, Waiter onChange) {
            this.loginId = loginId;
            this.kind = kind;
            this.onChange = onChange;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                byLogin.computeIfPresent(loginId, (k, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
                total.decrementAndGet();
                counter(kind).decrementAndGet();
            }
        }
    }

    /** Registers a callback unless this process already holds its maximum of waiters. */
    public Optional<Listener> tryAdd(String loginId, Kind kind, Waiter onChange) {
        if (total.incrementAndGet() > max) {
            total.decrementAndGet();
            return Optional.empty();
        }
        counter(kind).incrementAndGet();
        Listener listener = new Listener(loginId, kind, onChange);
        byLogin.compute(loginId, (k, set) -> {
            Set<Listener> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(listener);
            return s;
        });
        return Optional.of(listener);
    }

    /** True when another waiter fits (checked before a socket upgrade). */
    public boolean hasRoom() {
        return total.get() < max;
    }

    public int size() {
        return total.get();
    }

    /** True when this process holds a waiter of {@code loginId}. */
    boolean waiting(String loginId) {
        return byLogin.containsKey(loginId);
    }

    /** Tells this login's waiters of {@code state}, in {@code trace}; returns how many were told. */
    int dispatch(String loginId, String state, Context trace) {
        Set<Listener> set = byLogin.get(loginId);
        if (set == null) {
            return 0;
        }
        int told = 0;
        for (Listener l : set) {
            l.onChange.changed(state, trace);
            told++;
        }
        return told;
    }

    void dispatchAll() {
        byLogin.values().forEach(set -> set.forEach(l -> l.onChange.changed(null, Context.root())));
    }

    private AtomicInteger counter(Kind kind) {
        return kind == Kind.POLL ? polls : pushes;
    }
}
