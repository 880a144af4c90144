package io.switchboard.auth.domain;

/** The business-log outbox holds its maximum of records (Kafka is behind or down): no new login is started. */
public final class BusinessLogBacklog extends RuntimeException {
    public BusinessLogBacklog() {
        super("the business-log outbox is full", null, false, false);
    }
}
