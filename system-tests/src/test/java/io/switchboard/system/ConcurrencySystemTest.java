package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.support.Api;
import io.switchboard.system.support.Platform;
import io.switchboard.system.support.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 1,000 commands waiting at once on slow devices hold no thread each in command-service. */
class ConcurrencySystemTest {
    private static final Pattern THREADS = Pattern.compile("(?m)^jvm_threads_live_threads(?:\\{[^}]*})? ([0-9.]+)");
    private static final Pattern WAITING = Pattern.compile("(?m)^switchboard_commands_waiting(?:\\{[^}]*})? ([0-9.]+)");
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
    }

    /**
     * The machines keep their answers until the test has seen all 1,000 calls waiting at once, however long
     * sending them takes on a loaded machine (answering after a fixed 10 s, 995 were once seen at most).
     */
    @Test
    void shouldHoldAThousandWaitingCommandsWithoutAThreadEach() throws Exception {
        // 40 machines, 25 commands each: under gateway.device-window (32), so no burst of writes to one socket can
        // be answered device_busy (with 20 machines, 50 each, a burst on a busy event loop once was, 29 times)
        List<SimulatedDevice> devices = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            devices.add(platform.connect(Platform.deviceId("bulk" + i), i % 2, 0, 0.0));
        }
        devices.forEach(SimulatedDevice::holdAnswers);
        ServiceProcess target = platform.commandServices.get(0);
        Api api = platform.operator(0);
        double threadsBefore = metric(target, THREADS);

        List<CompletableFuture<Api.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(api.command(devices.get(i % devices.size()).deviceId(), "{\"method\":\"dispense\",\"timeoutMs\":50000}"));
        }
        double[] most = {0};
        try {
            await().atMost(Duration.ofSeconds(45)).until(() -> (most[0] = Math.max(most[0], metric(target, WAITING))) >= 1000);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            devices.forEach(SimulatedDevice::releaseAnswers);
            java.util.Map<String, Long> outcomes = new java.util.TreeMap<>();
            calls.forEach(c -> outcomes.merge(c.join().status() + " " + c.join().body().path("code").asText(c.join().body().path("status").asText()), 1L, Long::sum));
            throw new AssertionError("at most " + most[0] + " commands waited at once; outcomes " + outcomes, e);
        }
        double threadsWhileWaiting = metric(target, THREADS);
        devices.forEach(SimulatedDevice::releaseAnswers);

        long ok = calls.stream().map(CompletableFuture::join).filter(r -> r.status() == 200
                && r.body().path("status").asText().equals("succeeded")).count();
        System.out.printf("command-service threads: %.0f before, %.0f with 1000 commands waiting%n",
                threadsBefore, threadsWhileWaiting);
        assertThat(ok).isEqualTo(1000);
        assertThat(threadsWhileWaiting).as("live threads while 1000 commands wait").isLessThan(200);
        assertThat(threadsWhileWaiting - threadsBefore).as("threads added by 1000 waiting commands").isLessThan(50);
    }

    static double metric(ServiceProcess p, Pattern pattern) {
        String text = new Api(p.base(), null).get("/q/metrics").body().asText();
        Matcher m = pattern.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
