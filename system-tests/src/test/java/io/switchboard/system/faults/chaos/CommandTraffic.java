package io.switchboard.system.faults.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.faults.platform.FaultPlatform;
import io.switchboard.system.faults.platform.Http;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Commands to simulated machines, each with its own Idempotency-Key, through a random command-service
 * replica; a command without a definite answer (503, 504, 409 in flight or offline, no answer) is retried
 * with the same key and body, as a careful caller does, at most {@value #ATTEMPTS} times. What counts
 * as "acted twice": a key the machines carried out under two different action numbers, or a machine
 * that carried out more actions than it was given keys.
 */
final class CommandTraffic {
    private static final int ATTEMPTS = 4;
    private static final long TIMEOUT_MS = 3000;
    private final FaultPlatform platform;
    private final Outcomes outcomes;
    private final ScheduledExecutorService timer;
    private final Random random;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final Map<String, Set<String>> keysByDevice = new ConcurrentHashMap<>();
    private final Map<String, Set<Long>> actionsByKey = new ConcurrentHashMap<>();
    private final AtomicInteger unresolved = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    CommandTraffic(FaultPlatform platform, Outcomes outcomes, ScheduledExecutorService timer, Random random) throws Exception {
        this.platform = platform;
        this.outcomes = outcomes;
        this.timer = timer;
        this.random = random;
        for (int i = 0; i < 6; i++) {
            devices.add(platform.device(FaultPlatform.id("chaos-kiosk"), 50));
        }
    }

    /** Sends one new command (a new key) to a random machine. */
    void sendOne() {
        SimulatedDevice device = devices.get(random.nextInt(devices.size()));
        String key = FaultPlatform.id("chaos-cmd");
        keysByDevice.computeIfAbsent(device.deviceId(), d -> ConcurrentHashMap.newKeySet()).add(key);
        inFlight.incrementAndGet();
        attempt(device.deviceId(), key, 1);
    }

    private void attempt(String deviceId, String key, int n) {
        int replica = random.nextInt(platform.commandServices.size());
        platform.commands(replica).send(deviceId, "dispense", "{\"key\":\"" + key + "\"}", TIMEOUT_MS, key)
                .whenComplete((r, failure) -> {
                    int status = r == null ? 0 : r.status();
                    outcomes.count("commands (attempts)", status == 409 ? "409 " + r.code() : Integer.toString(status));
                    if (status == 200) {
                        record(key, r.body());
                        done();
                    } else if (n < ATTEMPTS && retryable(status)) {
                        timer.schedule(() -> attempt(deviceId, key, n + 1), 1000, TimeUnit.MILLISECONDS);
                    } else {
                        unresolved.incrementAndGet();
                        done();
                    }
                });
    }

    private static boolean retryable(int status) {
        return status == 0 || status == 409 || status == 503 || status == 504 || status == 500;
    }

    private void record(String key, JsonNode command) {
        JsonNode action = command.path("result").path("action");
        if (action.isNumber()) {
            actionsByKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(action.asLong());
        }
    }

    private void done() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Commands that ended without a 200 after every attempt (not an error by itself: outcome unknown). */
    int unresolved() {
        return unresolved.get();
    }

    int keys() {
        return keysByDevice.values().stream().mapToInt(Set::size).sum();
    }

    /** Commands a machine carried out more than once (see the class comment). */
    long actedTwice() {
        long byResult = actionsByKey.values().stream().filter(s -> s.size() > 1).count();
        long byCount = devices.stream()
                .mapToLong(d -> Math.max(0, d.actions() - keysByDevice.getOrDefault(d.deviceId(), new HashSet<>()).size()))
                .sum();
        return Math.max(byResult, byCount);
    }

    /** Command frames that reached a machine again (answered from its memory, not carried out). */
    long redelivered() {
        return devices.stream().mapToLong(SimulatedDevice::duplicates).sum();
    }

    void stop() {
        devices.forEach(SimulatedDevice::stop);
    }
}
