package io.switchboard.notify;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.notify.service.LocalSubscribers;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.notify.support.RawSocket;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A browser that stops reading is cut off with 4001 once its outbound queue holds
 * {@code notify.socket.max-queued} frames (64 in the test profile), while another subscriber of the same
 * channel keeps receiving every event. One stalled client resumes reading and finds the 4001 close frame;
 * the other never reads again, and its TCP connection is cut after {@code notify.socket.close-grace}.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class SlowConsumerTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;
    @Inject
    LocalSubscribers subscribers;
    @Inject
    MeterRegistry registry;

    @Test
    void shouldCloseStalledBrowsersWith4001WhileOthersKeepReceiving() throws Exception {
        String shop = Ingest.unique("shop");
        String channel = "shop:" + shop;
        String token = Tokens.of("merchant", "m-" + shop, Map.of("shop", shop));
        String subscribe = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"" + channel + "\"}}";
        double cutBefore = slowConsumers();
        String bigText = "x".repeat(30_000);
        try (Browser fast = Browser.connect(connectors.get(), base, token);
             RawSocket resumes = RawSocket.upgrade(base, Map.of("Authorization", "Bearer " + token), 4096);
             RawSocket neverReads = RawSocket.upgrade(base, Map.of("Authorization", "Bearer " + token), 4096)) {
            fast.subscribe(channel);
            resumes.sendText(subscribe);
            neverReads.sendText(subscribe);
            await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.of(channel).size() == 3);

            int posted = 0;
            while (slowConsumers() < cutBefore + 2 && posted < 2000) {
                Ingest.post(Ingest.event(Ingest.unique("big"), channel, "order.placed", Map.of("blob", bigText)));
                posted++;
            }
            assertThat(slowConsumers() >= cutBefore + 2)
                    .as("the stalled sockets were not cut off after " + posted + " events").isTrue();
            assertThat(resumes.readUntilClose())
                    .as("reading again, a stalled browser finds the 4001 close after the frames it had queued").isEqualTo(CloseCodes.SLOW_CONSUMER);
            await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.of(channel).size() == 1);

            for (int i = 0; i < 5; i++) {
                Ingest.post(Ingest.event(Ingest.unique("after"), channel, "order.placed", Map.of("n", i)));
            }
            fast.awaitEvents(channel, posted + 5);
            assertThat(fast.events(channel).size()).as("the fast browser got every event once").isEqualTo(posted + 5);
            assertThat(fast.isOpen()).isTrue();
            assertThat(neverReads.readUntilClose())
                    .as("a browser that never reads again was cut off at the TCP level").isEqualTo(-1);
        }
    }

    private double slowConsumers() {
        return registry.counter("switchboard.notify.slow.consumers").count();
    }
}
