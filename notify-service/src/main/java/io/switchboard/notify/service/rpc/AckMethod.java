package io.switchboard.notify.service.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.wire.Receipt;
import io.switchboard.notify.domain.Channel;
import io.switchboard.notify.domain.RpcParams;
import io.switchboard.notify.domain.RpcResults;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.messaging.ReceiptPublisher;
import io.switchboard.notify.service.ChannelPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** {@code ack {"channel","id"}}: the person saw the event; a receipt goes to Kafka {@code notify.receipts}. */
@ApplicationScoped
class AckMethod implements RpcMethod {
    private final Params params;
    private final ChannelPolicy policy;
    private final ReceiptPublisher receipts;

    AckMethod(Params params, ChannelPolicy policy, ReceiptPublisher receipts) {
        this.params = params;
        this.policy = policy;
        this.receipts = receipts;
    }

    @Override
    public String name() {
        return "ack";
    }

    @Override
    public Uni<Reply> call(WebSocketConnection connection, SocketSession session, JsonNode raw) {
        Optional<RpcParams.Ack> p = params.read(raw, RpcParams.Ack.class);
        if (p.isEmpty() || p.get().id() == null || p.get().id().isBlank() || p.get().id().length() > 128) {
            return Uni.createFrom().item(Params.invalid("expected {\"channel\": string, \"id\": event id}"));
        }
        Optional<Channel> channel = Channel.parse(p.get().channel());
        if (channel.isEmpty()) {
            return Uni.createFrom().item(Params.badChannel());
        }
        if (!policy.maySubscribe(session.caller(), channel.get())) {
            return Uni.createFrom().item(Params.forbidden("acknowledge events of", channel.get()));
        }
        Receipt receipt = new Receipt(channel.get().name(), p.get().id(), session.caller().userId(), Instant.now());
        return receipts.send(receipt).map(v -> Reply.ok(new RpcResults.Ack(receipt.channel(), receipt.eventId())));
    }
}
