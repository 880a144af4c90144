package io.switchboard.command.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.CommandRequest;
import io.switchboard.command.domain.CommandStatus;
import io.switchboard.command.domain.DeviceOffline;
import io.switchboard.command.domain.QueueFull;
import io.switchboard.command.domain.Submission;
import io.switchboard.command.domain.TooManyWaiting;
import io.switchboard.command.store.CommandStore;
import io.switchboard.common.presence.GatewayRoute;
import io.switchboard.common.wire.DeviceCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;

/**
 * Sends a command to a device and waits for its end without holding a thread: record in Redis,
 * register a waiter, hand to Kafka (fenced when Kafka does not take it in time), then complete on the
 * end state (or time out).
 */
@ApplicationScoped
public class CommandService {
    /** {@code reason} of a command fenced because Kafka did not take it in time. */
    public static final String BROKER_UNAVAILABLE = "broker_unavailable";

    private final CommandStore store;
    private final CommandHandover handover;
    private final Waiters waiters;
    private final CommandQueue queue;
    private final CommandConfig config;
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    CommandService(CommandStore store, CommandHandover handover, Waiters waiters, CommandQueue queue,
                   CommandConfig config, MeterRegistry registry) {
        this.store = store;
        this.queue = queue;
        this.handover = handover;
        this.waiters = waiters;
        this.config = config;
        this.registry = registry;
    }

    public static String newCommandId() {
        return "cmd_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * Sends a new command with the given id; fails with {@link io.switchboard.command.domain.DeviceOffline} when
     * no gateway holds the device, {@link TooManyWaiting} when this instance holds its maximum of waiting callers.
     * Kafka gets the command within {@link #sendBudget}; a command it did not take in time is fenced and
     * ends {@code expired} ({@code broker_unavailable}) as {@link Submission.NotSent}.
     */
    public Uni<Submission> submit(String commandId, String deviceId, CommandRequest request, boolean async, String submitter) {
        return prepare(commandId, deviceId, request, async, submitter).chain(this::send);
    }

    /**
     * Everything before the command is handed to Kafka: room to wait, the device's presence, the record and
     * the waiter. A failure here (an expected refusal or any other) means the command was certainly not sent.
     */
    public Uni<Prepared> prepare(String commandId, String deviceId, CommandRequest request, boolean async, String submitter) {
        if (!async && waiters.size() >= config.maxWaiters()) {
            return Uni.createFrom().failure(new TooManyWaiting(config.maxWaiters()));
        }
        Instant now = Instant.now();
        CommandRecord record = new CommandRecord(commandId, deviceId, request.method(), request.params(),
                CommandStatus.ACCEPTED.wire(), null, null, null, request.timeoutMs(), now,
                now.plusMillis(request.timeoutMs()), now, null, null, submitter);
        long started = System.nanoTime();
        if (request.queueWhenOffline()) {
            return prepareQueueable(record, request, async, started);
        }
        // the presence check, the holding gateway's route and the record: one round trip
        return store.createIfOnline(record, async ? null : config.instanceId()).map(route -> {
            if (route.isEmpty()) {
                throw new DeviceOffline(deviceId);
            }
            Uni<CommandRecord> ended = async ? Uni.createFrom().nullItem()
                    : waiters.await(commandId, Duration.ofMillis(request.timeoutMs()));
            Log.debugf("[device %s][command %s] %s accepted (timeout %d ms)", deviceId, commandId, request.method(), request.timeoutMs());
            return new Prepared(record, route.get(), async, ended, started);
        });
    }

    /**
     * A command that may wait for its machine: sent as any other when the machine is connected, else queued (one
     * script); a queued one is answered 202 at once, also to a caller that would have waited.
     */
    private Uni<Prepared> prepareQueueable(CommandRecord record, CommandRequest request, boolean async, long started) {
        Instant queuedUntil = record.createdAt().plus(request.queueFor());
        String watcher = async ? null : config.instanceId();
        return store.createOrQueue(record, watcher, queue.entry(record, queuedUntil), config.queue().maxPerDevice(), queuedUntil)
                .map(placement -> {
                    String commandId = record.commandId();
                    if (placement instanceof CommandStore.Placement.Full full) {
                        throw new QueueFull(record.deviceId(), config.queue().maxPerDevice());
                    }
                    if (placement instanceof CommandStore.Placement.Queued) {
                        Log.infof("[device %s][command %s] %s queued until %s: the machine is offline", record.deviceId(),
                                commandId, record.method(), queuedUntil);
                        CommandRecord queued = new CommandRecord(commandId, record.deviceId(), record.method(), record.params(),
                                CommandStatus.QUEUED.wire(), null, null, null, record.timeoutMs(), record.createdAt(), queuedUntil,
                                record.updatedAt(), null, null, record.submitter(), queuedUntil);
                        return new Prepared(queued, null, true, Uni.createFrom().nullItem(), started);
                    }
                    GatewayRoute route = ((CommandStore.Placement.Online) placement).route();
                    Uni<CommandRecord> ended = async ? Uni.createFrom().nullItem()
                            : waiters.await(commandId, Duration.ofMillis(request.timeoutMs()));
                    return new Prepared(record, route, async, ended, started);
                });
    }

    /**
     * Hands a prepared command to Kafka and follows it to its end (or, async, to {@code sent}). From here on
     * the command may have been sent, unless the outcome is {@link Submission.NotSent}.
     */
    public Uni<Submission> send(Prepared prepared) {
        CommandRecord record = prepared.record();
        String commandId = record.commandId();
        if (record.state() == CommandStatus.QUEUED) { // the gateway the machine connects to delivers it
            return Uni.createFrom().item(new Submission.Accepted(record));
        }
        DeviceCommand command = new DeviceCommand(commandId, record.deviceId(), record.method(), record.params(),
                record.deadline(), record.createdAt());
        return handover.send(command, prepared.route(), sendBudget(record.deadline())).chain(outcome -> {
            if (outcome == CommandHandover.Outcome.FENCED) {
                return notSent(record, prepared.startedNanos());
            }
            Uni<CommandStore.Transition> sent = store.transition(commandId, CommandStatus.SENT, null, null, null);
            if (prepared.async()) { // the 202 shows it sent
                return sent.chain(() -> store.find(commandId)).map(r -> (Submission) new Submission.Accepted(r.orElse(record)));
            }
            // the caller waits for the end, not for this write: it goes on beside the wait (transitions only move
            // forward, so a reply recorded first is never undone by it)
            sent.subscribe().with(t -> { }, e -> Log.debugf("[device %s][command %s] 'sent' not recorded: %s",
                    record.deviceId(), commandId, e.toString()));
            return prepared.ended().chain(r -> finish(commandId, r, prepared.startedNanos()));
        });
    }

    /** A command recorded and waited for, not yet handed to Kafka; {@code route}: where it goes. */
    public record Prepared(CommandRecord record, GatewayRoute route, boolean async, Uni<CommandRecord> ended,
                           long startedNanos) { }

    /** How long Kafka may take to acknowledge: {@code commands.send-timeout-ms}, never past the deadline. */
    private Duration sendBudget(Instant deadline) {
        long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        return Duration.ofMillis(Math.min(left, config.sendTimeoutMs()));
    }

    /** Records the end of a fenced command: expired, never sent (a gateway's late EXPIRED changes nothing). */
    private Uni<Submission> notSent(CommandRecord record, long startedNanos) {
        return store.transition(record.commandId(), CommandStatus.EXPIRED, null, "reason", BROKER_UNAVAILABLE)
                .chain(() -> store.find(record.commandId()))
                .map(found -> {
                    CommandRecord now = found.orElse(record);
                    record(now, startedNanos);
                    return new Submission.NotSent(now);
                });
    }

    /** Returns a command, marking it timed out first when its deadline passed without an end. */
    public Uni<Optional<CommandRecord>> find(String commandId) {
        return store.find(commandId).chain(this::timedOutIfLate);
    }

    private Uni<Optional<CommandRecord>> timedOutIfLate(Optional<CommandRecord> found) {
        if (found.isEmpty() || found.get().terminal() || Instant.now().isBefore(found.get().deadline())) {
            return Uni.createFrom().item(found);
        }
        if (found.get().state() == CommandStatus.QUEUED) { // its wait for the machine ended, unsent
            return queue.expire(found.get());
        }
        String commandId = found.get().commandId();
        return store.transition(commandId, CommandStatus.TIMED_OUT, null, null, null).chain(() -> store.find(commandId));
    }

    /**
     * Waits up to {@code waitMs} for the command to end, then returns it as it is. The end is published to this
     * instance from then on (the command's watchers), whichever instance sent it.
     */
    public Uni<Optional<CommandRecord>> findWhenEnded(String commandId, int waitMs) {
        Uni<CommandRecord> ended = waiters.await(commandId, Duration.ofMillis(waitMs));
        return store.watch(commandId, config.instanceId()).chain(this::timedOutIfLate).chain(found -> {
            if (found.isEmpty() || found.get().terminal()) {
                return Uni.createFrom().item(found);
            }
            Duration untilDeadline = Duration.between(Instant.now(), found.get().deadline());
            return ended.chain(r -> r != null ? Uni.createFrom().item(Optional.of(r)) : find(commandId))
                    .ifNoItem().after(untilDeadline.isNegative() ? Duration.ZERO : untilDeadline.plusMillis(50))
                    .recoverWithUni(() -> find(commandId));
        });
    }

    private Uni<Submission> finish(String commandId, CommandRecord ended, long startedNanos) {
        if (ended != null) {
            record(ended, startedNanos);
            return Uni.createFrom().item(new Submission.Finished(ended));
        }
        return store.transition(commandId, CommandStatus.TIMED_OUT, null, null, null)
                .chain(t -> store.find(commandId).map(found -> {
                    CommandRecord now = found.orElseThrow();
                    record(now, startedNanos);
                    if (!t.applied()) {
                        return new Submission.Finished(now); // it ended just as the timer fired
                    }
                    CommandRecord lastKnown = new CommandRecord(now.commandId(), now.deviceId(), now.method(), now.params(),
                            t.previous().wire(), null, null, null, now.timeoutMs(), now.createdAt(), now.deadline(), now.updatedAt(), now.deliveredAt(),
                            null, now.submitter());
                    Log.infof("[device %s][command %s] timed out while %s", now.deviceId(), commandId, t.previous().wire());
                    return new Submission.TimedOut(lastKnown);
                }));
    }

    private void record(CommandRecord r, long startedNanos) {
        String status = r.terminal() ? r.status() : "timed_out";
        timers.computeIfAbsent(status, s -> Timer.builder("switchboard.commands.roundtrip")
                        .description("from accepted to the end seen by the caller").tag("status", s)
                        .publishPercentileHistogram().register(registry))
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }
}
