package io.switchboard.system.faults.chaos;

import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.faults.platform.FaultPlatform;
import io.switchboard.system.faults.platform.Outage;
import io.switchboard.system.faults.platform.ServiceNode;
import io.switchboard.system.faults.platform.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Injects one fault at a time, chosen by a seeded {@link Random}: Redis or the broker killed with -9 and
 * started again on its data, a replica killed with -9 and started again, or a replica frozen (SIGSTOP)
 * and resumed. After each repair it measures the recovery: every replica ready again and a probe command
 * answered 200 through every command-service.
 */
final class FaultInjector {
    /** One fault: what, when (s into the run), how long it lasted and how long recovery took after the repair. */
    record Fault(String what, long atSeconds, long downMillis, long recoveredMillis) {
    }

    private enum Kind { REDIS, KAFKA, KILL_REPLICA, FREEZE_REPLICA }

    private final FaultPlatform platform;
    private final Random random;
    private final SimulatedDevice probe;
    private final long runStart;
    private final List<Kind> order = new ArrayList<>(List.of(Kind.values()));
    private final List<Fault> faults = new ArrayList<>();

    FaultInjector(FaultPlatform platform, Random random, long runStart) throws InterruptedException {
        this.platform = platform;
        this.random = random;
        this.runStart = runStart;
        this.probe = platform.device(FaultPlatform.id("chaos-probe"), 0);
        java.util.Collections.shuffle(order, random);
    }

    /** Injects the next fault, repairs it and waits for the recovery (at most 3 minutes). */
    void injectNext() throws Exception {
        Kind kind = order.get(faults.size() % order.size());
        long at = (System.nanoTime() - runStart) / 1_000_000_000;
        long start = System.nanoTime();
        String what = switch (kind) {
            case REDIS -> {
                platform.infra.killRedis();
                Outage.hold(Duration.ofMillis(2000 + random.nextInt(3000)));
                platform.infra.restartRedis();
                yield "Redis kill -9, restart on AOF";
            }
            case KAFKA -> {
                platform.infra.killKafka();
                Outage.hold(Duration.ofMillis(random.nextInt(3000)));
                platform.infra.restartKafka();
                yield "Kafka kill -9, restart on its data";
            }
            case KILL_REPLICA -> {
                ServiceNode node = replica();
                node.kill9();
                Outage.hold(Duration.ofMillis(1000 + random.nextInt(2000)));
                node.start();
                yield node.name + " kill -9, restart";
            }
            case FREEZE_REPLICA -> {
                ServiceNode node = replica();
                node.freeze();
                Outage.hold(Duration.ofMillis(5000 + random.nextInt(7000)));
                node.thaw();
                yield node.name + " SIGSTOP, SIGCONT";
            }
        };
        long repaired = System.nanoTime();
        long recovered = Waits.timed("recovery after " + what, Duration.ofMinutes(3), this::healthy);
        faults.add(new Fault(what, at, (repaired - start) / 1_000_000, recovered));
    }

    private ServiceNode replica() {
        List<ServiceNode> replicas = new ArrayList<>(platform.gateways);
        replicas.addAll(platform.commandServices);
        replicas.addAll(platform.notifyServices);
        return replicas.get(random.nextInt(replicas.size()));
    }

    private boolean healthy() {
        if (!platform.services().stream().allMatch(n -> n.readiness().up())) {
            return false;
        }
        for (int i = 0; i < platform.commandServices.size(); i++) {
            if (platform.commands(i).sendNow(probe.deviceId(), "{\"probe\":true}", 1000).status() != 200) {
                return false;
            }
        }
        return true;
    }

    List<Fault> faults() {
        return List.copyOf(faults);
    }

    void stop() {
        probe.stop();
    }
}
