package io.switchboard.notify.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.wire.Receipt;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.config.NotifyLimits;
import io.switchboard.notify.domain.ChannelCursor;
import io.switchboard.notify.domain.ChannelHistory;
import io.switchboard.notify.domain.IncomingEvent;
import io.switchboard.notify.domain.IngestResult;
import io.switchboard.notify.domain.SocketSession;
import io.switchboard.notify.messaging.ReceiptPublisher;
import io.switchboard.notify.service.rpc.RpcMethod;
import io.switchboard.notify.service.rpc.RpcMethods;
import io.switchboard.testsupport.fuzz.CapturingEmitter;
import io.switchboard.testsupport.fuzz.ConfigDefaults;
import io.switchboard.testsupport.fuzz.QuarkusJson;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * The browser link's beans built from plain objects, with Redis answered in memory: a subscribe finds an empty
 * history, an ingest stores at offset 1. Everything between the frame and those two calls is the real code.
 * For the fuzz tests (no Quarkus boot).
 */
final class OfflineServices {
    final ObjectMapper json = QuarkusJson.mapper();
    final NotifyConfig config = ConfigDefaults.of(NotifyConfig.class);
    final NotifyMetrics metrics = new NotifyMetrics(new SimpleMeterRegistry());
    final CapturingEmitter<Receipt> receipts = new CapturingEmitter<>();
    final EventIngest ingest = new EventIngest(null, null, json, config, metrics, null) {
        @Override
        public Uni<IngestResult> ingest(IncomingEvent event, String source) {
            return Uni.createFrom().item(new IngestResult(event.id(), event.channel(), 1, "e-1", false));
        }
    };
    final Outbound out = new Outbound(config, metrics, null);
    final ChannelFeed feed = new ChannelFeed(null, null, out, config, metrics) {
        @Override
        public Uni<Subscription> subscribe(WebSocketConnection connection, SocketSession session, String channel,
                                           Long since, String epoch) {
            ChannelCursor cursor = new ChannelCursor();
            session.subscribe(channel, cursor);
            return Uni.createFrom().item(new Subscription(channel, since, cursor, new ChannelHistory(0, "e-1", List.of()), false));
        }

        @Override
        public void replay(WebSocketConnection connection, SocketSession session, Subscription sub, Runnable done) {
            done.run();
        }

        @Override
        public boolean unsubscribe(WebSocketConnection connection, SocketSession session, String channel) {
            return session.unsubscribe(channel);
        }
    };
    final ReplayPermits replays = new ReplayPermits(ConfigDefaults.of(NotifyLimits.class), new SimpleMeterRegistry());
    final BrowserLink link = new BrowserLink(instance(RpcMethods.all(json, new ChannelPolicy(config), feed, ingest,
            new ReceiptPublisher(receipts), config, replays)), feed, out, metrics, json, config);

    @SuppressWarnings("unchecked")
    private static Instance<RpcMethod> instance(List<RpcMethod> methods) {
        return (Instance<RpcMethod>) Proxy.newProxyInstance(Instance.class.getClassLoader(), new Class<?>[] {Instance.class},
                (self, method, args) -> switch (method.getName()) {
                    case "stream" -> methods.stream();
                    case "iterator" -> methods.iterator();
                    default -> throw new UnsupportedOperationException("Instance." + method.getName());
                });
    }
}
