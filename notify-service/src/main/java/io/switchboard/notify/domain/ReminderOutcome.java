package io.switchboard.notify.domain;

import java.time.Duration;

/** What became of a customer's reminder: each case maps to one HTTP answer. */
public sealed interface ReminderOutcome {

    /** 202: delivered to the shop's channel as {@code order.reminder}. */
    record Sent(String orderId, String eventId, long offset) implements ReminderOutcome { }

    /** 404: no order.placed event is known for this order. */
    record UnknownOrder(String orderId) implements ReminderOutcome { }

    /** 403: the order belongs to another customer. */
    record NotYours(String orderId) implements ReminderOutcome { }

    /** 429: reminded too recently; {@code retryAfter} until the next one is allowed. */
    record TooSoon(String orderId, Duration retryAfter) implements ReminderOutcome { }
}
