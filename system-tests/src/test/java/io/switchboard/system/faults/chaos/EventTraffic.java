package io.switchboard.system.faults.chaos;

import io.switchboard.system.faults.platform.FaultPlatform;
import io.switchboard.system.faults.platform.NotifySubscriber;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Notifications: events for two shops, half produced on Kafka {@code notify.events}, half posted to
 * {@code POST /api/events} on a random notify replica; each shop has a subscribed socket on each replica
 * that behaves as the JS client (reconnect, resubscribe with since and epoch, repair gaps). An event is
 * accepted when the broker acknowledged it or the service answered 202; it is lost if a socket
 * subscribed to its channel never received it.
 */
final class EventTraffic {
    private final FaultPlatform platform;
    private final Outcomes outcomes;
    private final Random random;
    private final List<String> shops = List.of(FaultPlatform.id("chaos-shop"), FaultPlatform.id("chaos-shop"));
    private final List<NotifySubscriber> sockets = new ArrayList<>();
    private final Map<String, String> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();

    EventTraffic(FaultPlatform platform, Outcomes outcomes, Random random) {
        this.platform = platform;
        this.outcomes = outcomes;
        this.random = random;
        for (String shop : shops) {
            for (int replica = 0; replica < platform.notifyServices.size(); replica++) {
                sockets.add(platform.subscriber(replica, shop, true));
            }
        }
    }

    /** Sends one event, by Kafka or by HTTP. */
    void sendOne() {
        String shop = shops.get(random.nextInt(shops.size()));
        String channel = "shop:" + shop;
        String id = shop + "-" + sequence.incrementAndGet();
        String data = "{\"orderId\":\"" + id + "\"}";
        if (random.nextBoolean()) {
            platform.kafka.produceEvent(id, channel, "order.placed", data).whenComplete((v, failure) -> {
                outcomes.count("events via Kafka", failure == null ? "acked" : "not acked");
                if (failure == null) {
                    accepted.put(id, channel);
                }
            });
        } else {
            platform.postEventAsync(random.nextInt(platform.notifyServices.size()), id, channel, "order.placed", data)
                    .thenAccept(r -> {
                        outcomes.count("events via POST /api/events", r.status());
                        if (r.status() == 202) {
                            accepted.put(id, channel);
                        }
                    });
        }
    }

    long accepted() {
        return accepted.size();
    }

    /** Accepted events that some socket subscribed to their channel has not received. */
    long lost() {
        Map<NotifySubscriber, Set<String>> seen = new ConcurrentHashMap<>();
        sockets.forEach(s -> seen.put(s, new HashSet<>(s.ids())));
        return accepted.entrySet().stream().filter(e -> sockets.stream()
                .filter(s -> s.channel().equals(e.getValue())).anyMatch(s -> !seen.get(s).contains(e.getKey()))).count();
    }

    /** Deliveries of an event a socket had already received. */
    long duplicates() {
        return sockets.stream().mapToLong(s -> s.ids().size() - new HashSet<>(s.ids()).size()).sum();
    }

    /** Resubscribes answered {@code recovered: false} (the client's reset). */
    long resets() {
        return sockets.stream().mapToLong(NotifySubscriber::resets).sum();
    }

    void stop() {
        sockets.forEach(NotifySubscriber::close);
    }
}
