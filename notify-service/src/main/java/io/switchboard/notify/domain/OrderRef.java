package io.switchboard.notify.domain;

/** What a reminder needs to know about an order, learnt from its {@code order.placed} event. */
public record OrderRef(String orderId, String shopId, String customerId) {
}
