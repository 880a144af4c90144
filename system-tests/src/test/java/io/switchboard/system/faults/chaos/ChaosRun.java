package io.switchboard.system.faults.chaos;

import io.switchboard.system.faults.platform.FaultPlatform;
import io.switchboard.system.faults.platform.Outage;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A bounded chaos run over the fault platform: mixed traffic (commands with Idempotency-Key, QR logins
 * approved by webhook, notifications on Kafka and {@code POST /api/events} to subscribed sockets) for
 * {@code seconds}, while a seeded {@link FaultInjector} kills, restarts and freezes Kafka, Redis and
 * replicas; then a drain (everything healed, up to 60 s for what is still owed) and the counts.
 */
public final class ChaosRun {
    private static final System.Logger LOG = System.getLogger(ChaosRun.class.getName());

    /** The outcome: the printed table and the two figures that must be 0. */
    public record Result(String table, long lost, long actedTwice, long grantedTwice) {
    }

    private ChaosRun() {
    }

    public static Result run(FaultPlatform platform, long seconds, long seed) throws Exception {
        LOG.log(System.Logger.Level.INFO, "chaos run: seed {0,number,#}, {1} s", seed, seconds);
        Random faultsRandom = new Random(seed);
        Random trafficRandom = new Random(seed + 1);
        Outcomes outcomes = new Outcomes();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(3);
        CommandTraffic commands = new CommandTraffic(platform, outcomes, timer, trafficRandom);
        QrTraffic logins = new QrTraffic(platform.qr(), outcomes, timer);
        EventTraffic events = new EventTraffic(platform, outcomes, trafficRandom);
        long start = System.nanoTime();
        FaultInjector injector = new FaultInjector(platform, faultsRandom, start);
        List<ScheduledFuture<?>> loops = List.of(
                timer.scheduleAtFixedRate(guard(commands::sendOne), 0, 250, TimeUnit.MILLISECONDS),
                timer.scheduleAtFixedRate(guard(events::sendOne), 100, 200, TimeUnit.MILLISECONDS),
                timer.scheduleAtFixedRate(guard(logins::startOne), 200, 1500, TimeUnit.MILLISECONDS));
        long maxFaults = seconds / 10 + 1;
        for (int i = 0; i < maxFaults && elapsed(start) + 15 < seconds; i++) { // a fault needs time to recover
            Outage.hold(Duration.ofMillis(3000 + faultsRandom.nextInt(5000))); // traffic between faults
            injector.injectNext();
        }
        Outage.hold(Duration.ofSeconds(Math.max(0, seconds - elapsed(start)))); // traffic for the whole run
        loops.forEach(l -> l.cancel(false));
        long trafficSeconds = elapsed(start);
        platform.heal();
        long drainStart = System.nanoTime();
        try {
            Awaitility.await("everything owed delivered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> commands.inFlight() == 0 && logins.settled() && events.lost() == 0);
        } catch (ConditionTimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "drain: not everything arrived within 60 s; counting what did");
        }
        long drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
        logins.stop();
        Result result = new Result(ChaosReport.table(seed, trafficSeconds, drainMillis, outcomes, injector.faults(),
                commands, logins, events), events.lost() + logins.lost(), commands.actedTwice(), logins.grantedTwice());
        timer.shutdownNow();
        commands.stop();
        events.stop();
        injector.stop();
        return result;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000_000;
    }

    /** A traffic step that fails (a refused connection while a replica is down) is counted, not fatal to the loop. */
    private static Runnable guard(Runnable step) {
        return () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "traffic step failed: {0}", e.toString());
            }
        };
    }
}
