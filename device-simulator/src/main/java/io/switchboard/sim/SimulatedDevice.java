package io.switchboard.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.device.Command;
import io.switchboard.device.DeviceClient;
import io.switchboard.device.DeviceException;
import io.switchboard.device.DeviceListener;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One simulated machine on the device link, a {@link DeviceClient} (the Java device SDK) on the simulator's shared
 * Vert.x: it answers each command after a delay and fails a share of them; the SDK answers a command id it has seen
 * before with the answer it gave (without acting again), answers {@code ping}, and reconnects with capped, jittered
 * exponential backoff unless the close code says stop (1000, 4500-4999).
 */
public final class SimulatedDevice {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final SimulatorConfig config;
    private final String deviceId;
    private final List<Runnable> held = new ArrayList<>();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger actions = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private boolean holding;
    private volatile DeviceClient device;
    private Consumer<SimulatedDevice> onConnect = d -> { };

    SimulatedDevice(Vertx vertx, WebSocketClient client, SimulatorConfig config, String deviceId) {
        this.vertx = vertx;
        this.client = client;
        this.config = config;
        this.deviceId = deviceId;
    }

    public String deviceId() {
        return deviceId;
    }

    /** How many command frames reached this machine (redeliveries included), counted on arrival. */
    public int received() {
        return received.get();
    }

    /** How many commands this machine carried out (duplicates excluded). */
    public int actions() {
        return actions.get();
    }

    /** How many redelivered command ids it answered from memory. */
    public int duplicates() {
        return duplicates.get();
    }

    /** How many times it connected. */
    public int connects() {
        DeviceClient d = device;
        return d == null ? 0 : d.connects();
    }

    public boolean connected() {
        DeviceClient d = device;
        return d != null && d.connected();
    }

    /** The close code of the last connection that closed, or -1. */
    public int lastCloseCode() {
        DeviceClient d = device;
        return d == null ? -1 : d.lastCloseCode();
    }

    void onConnect(Consumer<SimulatedDevice> callback) {
        this.onConnect = callback;
    }

    void start() {
        device = DeviceClient.builder(config.uri(), () -> config.tokens().apply(deviceId))
                .name(deviceId)
                .transport(vertx, client)
                .backoff(Duration.ofMillis(config.minBackoffMs()), Duration.ofMillis(config.maxBackoffMs()))
                .fallback(this::act)
                .listener(new Events())
                .start();
    }

    /**
     * From now on the machine acts on each command but keeps its answer until {@link #releaseAnswers()}: a
     * test can then count the commands that wait at once without racing a timer.
     */
    public synchronized void holdAnswers() {
        holding = true;
    }

    /** Sends every answer kept since {@link #holdAnswers()} and answers as usual again. */
    public void releaseAnswers() {
        List<Runnable> due;
        synchronized (this) {
            holding = false;
            due = new ArrayList<>(held);
            held.clear();
        }
        due.forEach(Runnable::run);
    }

    /** Stops reconnecting and closes the socket. */
    public void stop() {
        DeviceClient d = device;
        if (d != null) {
            d.close();
        }
    }

    /** Sends a device notification (e.g. {@code status}); dropped when not connected. */
    public void notify(String method, Map<String, Object> params) {
        DeviceClient d = device;
        if (d != null) {
            d.notify(method, params);
        }
    }

    private CompletionStage<Object> act(Command command) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Runnable carryOut = () -> carryOut(command, answer);
        Runnable due = () -> {
            synchronized (this) {
                if (holding) {
                    held.add(carryOut);
                    return;
                }
            }
            carryOut.run();
        };
        if (config.delayMs() <= 0) {
            due.run();
        } else {
            vertx.setTimer(config.delayMs(), t -> due.run());
        }
        return answer;
    }

    private void carryOut(Command command, CompletableFuture<Object> answer) {
        int action = actions.incrementAndGet();
        if (ThreadLocalRandom.current().nextDouble() < config.failureRate()) {
            answer.completeExceptionally(new DeviceException(1001, "mechanism jammed", Map.of("method", command.method())));
            return;
        }
        ObjectNode result = NODES.objectNode().put("ok", true).put("method", command.method())
                .put("deviceId", deviceId).put("action", action);
        result.set("params", command.params());
        answer.complete(result);
    }

    /** The SDK's events, counted for tests and benchmarks. */
    private final class Events implements DeviceListener {
        @Override
        public void connected() {
            onConnect.accept(SimulatedDevice.this);
        }

        @Override
        public void commandReceived(String commandId, String method) {
            received.incrementAndGet();
        }

        @Override
        public void redelivered(String commandId) {
            duplicates.incrementAndGet();
        }
    }
}
