package io.switchboard.notify.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.notify.domain.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which of this replica's own sockets (their sessions, which name the connection) subscribe to which channel, so an event reaches its subscribers in
 * O(their number) instead of a scan of every socket. Only this process's connections are indexed;
 * nothing here is shared across replicas (shared state is in Redis).
 */
@ApplicationScoped
public class LocalSubscribers {
    private final ConcurrentMap<String, Set<SocketSession>> byChannel = new ConcurrentHashMap<>();

    LocalSubscribers(MeterRegistry registry) {
        Gauge.builder("switchboard.notify.channels", byChannel, ConcurrentMap::size)
                .description("channels with at least one subscriber on this replica").register(registry);
    }

    public void add(String channel, SocketSession session) {
        byChannel.compute(channel, (k, set) -> {
            Set<SocketSession> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(session);
            return s;
        });
    }

    public void remove(String channel, SocketSession session) {
        byChannel.computeIfPresent(channel, (k, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** The channels with at least one subscriber on this replica (a snapshot). */
    public Set<String> channels() {
        return Set.copyOf(byChannel.keySet());
    }

    /** This replica's subscribers of the channel (a live, weakly consistent view). */
    public Set<SocketSession> of(String channel) {
        return byChannel.getOrDefault(channel, Set.of());
    }
}
