package io.switchboard.notify.store;

/** Every Redis key and pub/sub channel notify-service uses; all start with {@code sb:notify:}. */
final class RedisKeys {
    /** The one pub/sub channel every replica listens on; each message is one stored event (JSON). */
    public static final String EVENTS = "sb:notify:events";

    private RedisKeys() {
    }

    /** The last offset assigned on a channel (a counter; never expires, so offsets never restart). */
    public static String offset(String channel) {
        return "sb:notify:offset:" + channel;
    }

    /**
     * The channel's epoch: created with its offset counter (by the same script), never changed after; a new
     * epoch means the counter started again (Redis lost it), so offsets from before mean nothing.
     */
    public static String epoch(String channel) {
        return "sb:notify:epoch:" + channel;
    }

    /** A channel's recent events: a stream trimmed by count and age. */
    public static String history(String channel) {
        return "sb:notify:history:" + channel;
    }

    /** Marks an event id as ingested (value: its offset), for {@code notify.dedupe-ttl}. */
    public static String seen(String eventId) {
        return "sb:notify:seen:" + eventId;
    }

    /** An order known from its order.placed event: {@code {"orderId","shopId","customerId"}}. */
    public static String order(String orderId) {
        return "sb:notify:order:" + orderId;
    }

    /** Set while a reminder about the order was sent too recently to send another. */
    public static String reminder(String orderId) {
        return "sb:notify:reminder:" + orderId;
    }
}
