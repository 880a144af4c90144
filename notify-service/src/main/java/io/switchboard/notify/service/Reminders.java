package io.switchboard.notify.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.notify.domain.Channel;
import io.switchboard.notify.domain.IncomingEvent;
import io.switchboard.notify.domain.OrderRef;
import io.switchboard.notify.domain.ReminderOutcome;
import io.switchboard.notify.store.OrderStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** A customer reminds the shop about their order: sent as {@code order.reminder} on {@code shop:{shopId}}, throttled per order. */
@ApplicationScoped
public class Reminders {
    public static final String ORDER_REMINDER = "order.reminder";

    private final OrderStore orders;
    private final EventIngest ingest;
    private final ObjectMapper json;

    Reminders(OrderStore orders, EventIngest ingest, ObjectMapper json) {
        this.orders = orders;
        this.ingest = ingest;
        this.json = json;
    }

    public Uni<ReminderOutcome> remind(String orderId, String customerId) {
        return orders.find(orderId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(new ReminderOutcome.UnknownOrder(orderId));
            }
            OrderRef order = found.get();
            if (!order.customerId().equals(customerId)) {
                Log.infof("[order %s] reminder refused: customer %s does not own it", orderId, customerId);
                return Uni.createFrom().item(new ReminderOutcome.NotYours(orderId));
            }
            return orders.claimReminder(orderId).chain(wait -> wait.isPresent()
                    ? Uni.createFrom().item(new ReminderOutcome.TooSoon(orderId, wait.get()))
                    : send(order));
        });
    }

    private Uni<ReminderOutcome> send(OrderRef order) {
        ObjectNode data = json.createObjectNode().put("orderId", order.orderId()).put("customerId", order.customerId())
                .put("remindedAt", Instant.now().toString());
        IncomingEvent event = new IncomingEvent(UUID.randomUUID().toString(), Channel.shop(order.shopId()).name(),
                ORDER_REMINDER, data);
        return ingest.ingest(event, "reminder")
                .invoke(r -> Log.infof("[channel %s][order %s] reminder sent (offset %d)", event.channel(), order.orderId(), r.offset()))
                .map(r -> new ReminderOutcome.Sent(order.orderId(), r.id(), r.offset()));
    }
}
