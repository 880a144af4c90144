package io.switchboard.notify.store;

import io.switchboard.common.redis.RedisSubscription;
import io.switchboard.common.redis.RedisSubscriptions;
import io.switchboard.notify.domain.LiveEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;

/**
 * The channel {@value RedisKeys#EVENTS}, where the ingest script ({@code lua/append.lua}) publishes every
 * stored event once, from any replica: one subscription per replica (common's {@link RedisSubscription}: it
 * comes back by itself, calls {@code resync} then, and is reported in readiness as {@value #NAME}).
 */
@ApplicationScoped
public class ChannelEventsFeed {
    /** The subscription's name in readiness and logs. */
    static final String NAME = "notify fan-out";

    private final RedisSubscriptions subscriptions;
    private final EventLog log;
    private volatile RedisSubscription subscription;

    ChannelEventsFeed(RedisSubscriptions subscriptions, EventLog log) {
        this.subscriptions = subscriptions;
        this.log = log;
    }

    /** Subscribes: each stored event to {@code onEvent}, {@code resync} after every re-subscribe (event loop). */
    public void listen(Consumer<LiveEvent> onEvent, Runnable resync) {
        subscription = subscriptions.open(NAME, List.of(RedisKeys.EVENTS), log::published, onEvent, resync);
    }

    /** True while the subscription is up. */
    public boolean up() {
        RedisSubscription s = subscription;
        return s != null && s.up();
    }
}
