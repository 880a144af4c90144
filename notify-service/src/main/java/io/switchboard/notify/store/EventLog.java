package io.switchboard.notify.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.redis.LuaScript;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.domain.ChannelHistory;
import io.switchboard.notify.domain.EventFrame;
import io.switchboard.notify.domain.IncomingEvent;
import io.switchboard.notify.domain.IngestResult;
import io.switchboard.notify.domain.LiveEvent;
import io.switchboard.notify.domain.StoredEvent;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Channel history in Redis. {@link #append} stores an event once per id, assigns the channel's next
 * offset and publishes it to every replica in one atomic script ({@code lua/append.lua});
 * {@link #read} returns what a subscriber missed ({@code lua/read.lua}). Both also keep the channel's
 * epoch. A Redis outage fails them with {@link StoreUnavailableException}.
 */
@ApplicationScoped
public class EventLog {
    private static final LuaScript APPEND = LuaScript.load("lua/append.lua");
    private static final LuaScript READ = LuaScript.load("lua/read.lua");

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final NotifyConfig config;

    EventLog(ReactiveRedisDataSource redis, ObjectMapper json, NotifyConfig config) {
        this.redis = redis;
        this.json = json;
        this.config = config;
    }

    /**
     * Stores the event unless its id was seen; the stored copy is announced on {@link RedisKeys#EVENTS}, after
     * {@code traceparent} and a space when that is not null (the ingest's trace; see {@link #published}).
     */
    public Uni<IngestResult> append(IncomingEvent event, Instant time, String traceparent) {
        ObjectNode body = json.createObjectNode().put("channel", event.channel()).put("id", event.id())
                .put("type", event.type());
        body.set("data", event.data());
        body.put("time", time.toString());
        return APPEND.run(redis, "4", RedisKeys.seen(event.id()), RedisKeys.offset(event.channel()),
                        RedisKeys.history(event.channel()), RedisKeys.epoch(event.channel()), body.toString(),
                        Long.toString(config.dedupeTtl().toMillis()), Integer.toString(config.history().maxCount()),
                        Long.toString(config.history().maxAge().toMillis()), RedisKeys.EVENTS, randomHex(),
                        traceparent == null ? "" : traceparent)
                .onFailure().transform(StoreUnavailableException::classify)
                .map(r -> new IngestResult(event.id(), event.channel(), r.get(1).toLong(), epoch(r.get(2)),
                        r.get(0).toInteger() == 0));
    }

    /** The channel's current offset and epoch, and the retained events after {@code since} (all when null: none). */
    public Uni<ChannelHistory> read(String channel, Long since) {
        return READ.run(redis, "3", RedisKeys.offset(channel), RedisKeys.history(channel),
                        RedisKeys.epoch(channel), Long.toString(since == null ? -1 : since),
                        Long.toString(config.history().maxAge().toMillis()), randomHex())
                .onFailure().transform(StoreUnavailableException::classify)
                .map(this::history);
    }

    /**
     * Parses one message of {@link RedisKeys#EVENTS}: the stored event, or a {@code traceparent}, a space and the
     * stored event when its ingest was traced (a stored event is a JSON object: it starts with a brace).
     */
    public LiveEvent published(String message) {
        if (message.startsWith("{")) {
            return new LiveEvent(frame(message), null);
        }
        int space = message.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("not a stored event: " + message);
        }
        return new LiveEvent(frame(message.substring(space + 1)), message.substring(0, space));
    }

    /** Parses one stored event (a history entry, or a pub/sub message without a trace). */
    public EventFrame frame(String storedJson) {
        try {
            return EventFrame.of(json.readValue(storedJson, StoredEvent.class), storedJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stored event: " + e.getOriginalMessage(), e);
        }
    }

    private ChannelHistory history(Response r) {
        List<EventFrame> events = new ArrayList<>(r.size() - 2);
        for (int i = 2; i < r.size(); i++) {
            events.add(frame(r.get(i).toString()));
        }
        return new ChannelHistory(r.get(0).toLong(), epoch(r.get(1)), events);
    }

    private static String epoch(Response r) {
        String epoch = r == null ? null : r.toString();
        return epoch == null || epoch.isEmpty() ? null : epoch;
    }

    /** The random part of a new epoch (the scripts prefix Redis TIME). */
    private static String randomHex() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    }
}
