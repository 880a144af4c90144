package io.switchboard.command.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.CommandStatus;
import io.switchboard.command.domain.Job;
import io.switchboard.command.domain.NotCancellable;
import io.switchboard.command.store.JobStore;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Drives the jobs (docs/jobs.md). Every {@code commands.jobs.tick} each replica looks at the active jobs and drives
 * those whose lease it holds or takes (one replica per job at a time; a dead replica's jobs move to another after
 * {@code commands.jobs.lease}). Driving a job, in one tick:
 * <ol>
 * <li>its commands whose deadline passed are read, which records {@code timed_out} (or {@code expired} for a queued
 * one whose wait ended), and the job's counts follow in the same script;</li>
 * <li>while it runs: machines claimed but never dispatched (a replica died between the two) are dispatched again, then
 * as many new machines as the rate allows are claimed (after the abort rule) and dispatched: each one's command created
 * or queued, or the machine recorded offline, in one script fenced by the lease ({@link JobStore#dispatch}), then handed
 * to Kafka like any command;</li>
 * <li>once it stopped (aborted, cancelled): its queued commands are cancelled;</li>
 * <li>it is completed or finished when nothing of it is in flight, and its progress is published when it changed.</li>
 * </ol>
 * A machine is dispatched at most once: its command id is derived from the job and the machine's place, the dispatch
 * script refuses a machine already booked, and the gateways' deliver-once key guards the socket.
 */
@ApplicationScoped
public class JobDriver {
    private final JobStore store;
    private final CommandService commands;
    private final CommandQueue queue;
    private final JobProgress progress;
    private final CommandConfig config;
    private final CommandConfig.Jobs jobs;
    private final Vertx vertx;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The version of each job this replica published last (only to skip repeats: notify-service dedupes anyway). */
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    private long timer = -1;

    JobDriver(JobStore store, CommandService commands, CommandQueue queue, JobProgress progress, CommandConfig config,
              Vertx vertx) {
        this.store = store;
        this.commands = commands;
        this.queue = queue;
        this.progress = progress;
        this.config = config;
        this.jobs = config.jobs();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        long every = jobs.tick().toMillis();
        timer = vertx.setPeriodic(every, every, id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One round over the active jobs; skipped while the last one still runs. */
    void tick() {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        store.active()
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> drive(id).onFailure().recoverWithUni(t -> {
                    Log.warnf("[job %s] not driven this tick: %s", id, t.toString());
                    return Uni.createFrom().voidItem();
                }))
                .collect().last()
                .subscribe().with(x -> busy.set(false), t -> {
                    busy.set(false);
                    Log.debugf("jobs not read this tick: %s", t.toString());
                });
    }

    /** Drives one job if this replica holds (or takes) its lease. */
    Uni<Void> drive(String jobId) {
        return store.lease(jobId, config.instanceId(), jobs.lease().toMillis()).chain(lease -> {
            if (lease == JobStore.Lease.TAKEN) {
                Log.infof("[job %s] driven by this replica from now on (lease taken)", jobId);
            }
            return lease == JobStore.Lease.ANOTHERS ? Uni.createFrom().voidItem() : store.raw(jobId).chain(hash -> hash == null || hash.isEmpty() ? settle(jobId)
                        : overdue(jobId)
                        .chain(() -> Job.RUNNING.equals(hash.get("status")) ? rollout(jobId, hash) : cancelQueued(jobId))
                        .chain(() -> settle(jobId)));
        });
    }

    /** Reads the job's commands past their deadline: reading one records its end (and the job's count). */
    private Uni<Void> overdue(String jobId) {
        return store.overdue(jobId, System.currentTimeMillis(), jobs.batch()).chain(ids -> each(ids, id ->
                commands.find(id).chain(found -> {
                    if (found.isEmpty()) {
                        return store.forget(jobId, id);
                    }
                    CommandRecord r = found.get();
                    return r.terminal() ? Uni.createFrom().voidItem() : store.reschedule(jobId, id, r.deadline());
                })));
    }

    /** Dispatches stale claims again, then the machines the rate allows now. */
    private Uni<Void> rollout(String jobId, Map<String, String> hash) {
        JobSpec spec = JobSpec.of(hash);
        long now = System.currentTimeMillis();
        long due = (now - spec.createdAt().toEpochMilli()) * spec.ratePerMinute() / 60_000 + 1;
        return store.staleClaims(jobId, now - jobs.claimGrace().toMillis(), jobs.batch())
                .chain(stale -> each(stale, t -> dispatch(jobId, spec, t)))
                .chain(() -> store.claim(jobId, config.instanceId(), now, due, jobs.batch(), Instant.now()))
                .chain(claim -> {
                    if (claim instanceof JobStore.Claim.Claimed claimed) {
                        return each(claimed.targets(), t -> dispatch(jobId, spec, t));
                    }
                    if (claim instanceof JobStore.Claim.Aborted) {
                        Log.infof("[job %s] aborted by its abort rule", jobId);
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /** One machine: its command created or queued and booked (fenced by the lease), then sent over Kafka. */
    private Uni<Void> dispatch(String jobId, JobSpec spec, JobStore.Target target) {
        Instant now = Instant.now();
        String commandId = commandId(jobId, target.index());
        CommandRecord record = new CommandRecord(commandId, target.deviceId(), spec.method(), spec.params(),
                CommandStatus.ACCEPTED.wire(), null, null, null, spec.timeoutMs(), now, now.plusMillis(spec.timeoutMs()), now,
                null, null, spec.submitter());
        Instant queuedUntil = spec.queueFor() == null ? null : now.plus(spec.queueFor());
        String entry = queuedUntil == null ? null : queue.entry(record, queuedUntil);
        long started = System.nanoTime();
        return store.dispatch(jobId, config.instanceId(), target.index(), record, entry, config.queue().maxPerDevice(),
                        config.recordTtl().toMillis(), queuedUntil, now)
                .chain(d -> {
                    if (d instanceof JobStore.Dispatch.Online online) {
                        return commands.send(new CommandService.Prepared(record, online.route(), true, Uni.createFrom().nullItem(), started))
                                .replaceWithVoid();
                    }
                    if (d instanceof JobStore.Dispatch.NotSent notSent) {
                        Log.debugf("[job %s][device %s] not sent: %s", jobId, target.deviceId(), notSent.reason());
                    }
                    return Uni.createFrom().voidItem();
                })
                .onFailure().recoverWithUni(t -> { // the claim stays: dispatched again after commands.jobs.claim-grace
                    Log.warnf("[job %s][device %s] not dispatched: %s", jobId, target.deviceId(), t.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /** A job that stopped: its commands still waiting for their machines are cancelled, a batch per tick. */
    private Uni<Void> cancelQueued(String jobId) {
        return store.queued(jobId, jobs.batch()).chain(ids -> each(ids, id -> commands.find(id).chain(found ->
                found.isEmpty() || found.get().state() != CommandStatus.QUEUED ? Uni.createFrom().voidItem()
                        : queue.cancel(found.get()).replaceWithVoid()
                        .onFailure(NotCancellable.class).recoverWithNull().replaceWithVoid())));
    }

    /** Completes or finishes the job when nothing is in flight; publishes its progress when it changed. */
    private Uni<Void> settle(String jobId) {
        return store.settle(jobId, Instant.now(), jobs.retention().toMillis()).chain(status -> store.find(jobId))
                .chain(found -> {
                    if (found.isEmpty()) {
                        published.remove(jobId);
                        return Uni.createFrom().voidItem();
                    }
                    Job job = found.get();
                    if (job.finishedAt() != null) {
                        published.remove(jobId);
                    } else if (Long.valueOf(job.version()).equals(published.put(jobId, job.version()))) {
                        return Uni.createFrom().voidItem();
                    }
                    return progress.publish(job);
                });
    }

    /** The command id of the job's machine at {@code index}: the same on every replica, so a retry cannot add one. */
    static String commandId(String jobId, int index) {
        return "cmd_" + jobId.substring(jobId.indexOf('_') + 1) + "-" + index;
    }

    private static <T> Uni<Void> each(List<T> items, Function<T, Uni<Void>> action) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(items.stream().map(action).toList()).andCollectFailures().replaceWithVoid();
    }

    /** What the driver reads from a job's hash. */
    record JobSpec(String method, JsonNode params, int timeoutMs, int ratePerMinute,
                   Instant createdAt, String submitter, Duration queueFor) {
        static JobSpec of(Map<String, String> h) {
            Job view = JobStore.toJob(h);
            return new JobSpec(view.method(), view.params(), view.timeoutMs(), view.ratePerMinute(), view.createdAt(),
                    h.get("submitter"), h.containsKey("queueTtlMs") ? Duration.ofMillis(Long.parseLong(h.get("queueTtlMs"))) : null);
        }
    }
}
