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

    /**
     * Routing: a command is read from Kafka by the gateway that holds its device, not by every gateway (the records
     * read, summed over the gateways, equal the commands sent, and each gateway read its own devices' commands).
     */
    @Test
    void shouldHaveEachCommandReadOnlyByTheGatewayThatHoldsItsDevice() throws Exception {
        List<SimulatedDevice> devices = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            devices.add(platform.connect(Platform.deviceId("routed" + i), i % 2, 0, 0.0));
        }
        double[] before = {commandsRead(0), commandsRead(1)};
        int[] sentVia = new int[2];
        List<CompletableFuture<Api.Reply>> calls = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int d = 0; d < devices.size(); d++) {
                calls.add(platform.operator(round % 2).command(devices.get(d).deviceId(), "{\"method\":\"dispense\"}"));
                sentVia[d % 2]++;
            }
        }
        calls.forEach(c -> assertThat(c.join().status()).isEqualTo(200));

        assertThat(commandsRead(0) - before[0]).as("records read by gateway 0: its devices' commands").isEqualTo(sentVia[0]);
        assertThat(commandsRead(1) - before[1]).as("records read by gateway 1: its devices' commands").isEqualTo(sentVia[1]);
    }

    /** An answer reaches a long-poll on a command-service other than the one that sent the command. */
    @Test
    void shouldWakeALongPollOnTheOtherCommandService() {
        String id = Platform.deviceId("slow-answer");
        try {
            platform.connect(id, 1, 1500, 0.0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Api.Reply accepted = platform.operator(0).commandNow(id, "{\"method\":\"dispense\"}", "Prefer", "respond-async");
        assertThat(accepted.status()).isEqualTo(202);
        String commandId = accepted.body().path("commandId").asText();

        Api.Reply ended = platform.operator(1).get("/api/commands/" + commandId + "?waitMs=20000");
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.body().path("status").asText()).as("woken by the answer, not returned at waitMs").isEqualTo("succeeded");
    }

    /** {@code switchboard_gateway_commands_read_total} of one gateway. */
    private static double commandsRead(int gateway) {
        String metrics = new Api(platform.gateways.get(gateway).base(), null).get("/q/metrics").body().asText();
        // OpenMetrics: a sample may end with an exemplar, " # {span_id=...,trace_id=...} 1.0 <time>"
        Matcher m = Pattern.compile("(?m)^switchboard_gateway_commands_read_total(\\{[^}]*})? ([0-9.eE+]+)( # .*)?$").matcher(metrics);
        assertThat(m.find()).as("the gateway's read counter in /q/metrics: %s",
                metrics.lines().filter(l -> l.contains("commands_read")).toList()).isTrue();
        return Double.parseDouble(m.group(2));
    }
}
