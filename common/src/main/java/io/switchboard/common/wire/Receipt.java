package io.switchboard.common.wire;

import java.time.Instant;

/** A read receipt on Kafka {@code notify.receipts}: {@code userId} saw event {@code eventId} of {@code channel}. */
public record Receipt(String channel, String eventId, String userId, Instant time) {
}
