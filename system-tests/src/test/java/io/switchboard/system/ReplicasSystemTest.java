package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.support.Api;
import io.switchboard.system.support.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways and two command-services against one broker and one Redis: every call, through either
 * command-service, is answered with its own device's reply, whichever gateway holds the device.
 */
class ReplicasSystemTest {
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
    }

    @Test
    void shouldAnswerEveryCallWithItsOwnDevicesReplyAcrossReplicas() throws Exception {
        List<SimulatedDevice> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add(platform.connect(Platform.deviceId("spread" + i), i % 2, 5 + i * 3, 0.0));
        }
        assertThat(platform.operator(0).get("/api/devices").body().findValuesAsText("gateway").stream().distinct().count())
                .as("devices are held by both gateways").isGreaterThanOrEqualTo(2);

        List<CompletableFuture<Api.Reply>> calls = new ArrayList<>();
        List<String> expectedDevice = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (int d = 0; d < devices.size(); d++) {
                String id = devices.get(d).deviceId();
                Api api = platform.operator((round + d) % 2);
                calls.add(api.command(id, "{\"method\":\"dispense\",\"params\":{\"round\":" + round + "}}"));
                expectedDevice.add(id + "/" + round);
            }
        }

        Pattern roundOf = Pattern.compile("\"round\":(\\d+)");
        for (int i = 0; i < calls.size(); i++) {
            Api.Reply r = calls.get(i).join();
            assertThat(r.status()).as("call %d", i).isEqualTo(200);
            assertThat(r.body().path("status").asText()).isEqualTo("succeeded");
            Matcher m = roundOf.matcher(r.body().path("result").path("params").toString());
            assertThat(m.find()).isTrue();
            assertThat(r.body().path("result").path("deviceId").asText() + "/" + m.group(1)).isEqualTo(expectedDevice.get(i));
        }
        int actions = devices.stream().mapToInt(SimulatedDevice::actions).sum();
        assertThat(actions).as("each command carried out exactly once").isEqualTo(calls.size());
    }

    @Test
    void shouldCloseTheOlderConnectionWhenADeviceReconnectsToAnotherGateway() throws Exception {
        String id = Platform.deviceId("moving");
        SimulatedDevice first = platform.connect(id, 0, 0, 0.0);
        String firstGateway = platform.operator(0).get("/api/devices/" + id).body().path("gateway").asText();

        SimulatedDevice second = platform.simulator.startAndAwait(id,
                new io.switchboard.sim.SimulatorConfig(java.net.URI.create(platform.gateways.get(1).ws("/devices/ws")),
                        dev -> io.switchboard.testsupport.Tokens.of("device", dev), 0, 0.0, 100, 2000),
                java.time.Duration.ofSeconds(10));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(first.lastCloseCode()).isEqualTo(4500);
            assertThat(platform.operator(1).get("/api/devices/" + id).body().path("gateway").asText()).isNotEqualTo(firstGateway);
        });
        Api.Reply r = platform.operator(1).commandNow(id, "{\"method\":\"dispense\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(second.actions()).isEqualTo(1);
        assertThat(first.actions()).isZero();
    }
}
