package io.switchboard.notify.service.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.notify.config.NotifyConfig;
import io.switchboard.notify.messaging.ReceiptPublisher;
import io.switchboard.notify.service.ChannelFeed;
import io.switchboard.notify.service.ChannelPolicy;
import io.switchboard.notify.service.EventIngest;
import io.switchboard.notify.service.ReplayPermits;
import java.util.List;

/** Every method of the browser link, built from plain objects (for tests that do not boot Quarkus). */
public final class RpcMethods {
    private RpcMethods() {
    }

    public static List<RpcMethod> all(ObjectMapper json, ChannelPolicy policy, ChannelFeed feed, EventIngest ingest,
                                      ReceiptPublisher receipts, NotifyConfig config, ReplayPermits replays) {
        Params params = new Params(json);
        return List.of(new PingMethod(), new SubscribeMethod(params, policy, feed, config, replays),
                new UnsubscribeMethod(params, feed), new PublishMethod(params, policy, ingest),
                new AckMethod(params, policy, receipts));
    }
}
