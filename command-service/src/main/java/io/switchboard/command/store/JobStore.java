package io.switchboard.command.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.Job;
import io.switchboard.command.domain.JobRequest;
import io.switchboard.common.presence.GatewayRoute;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.common.redis.LuaScript;
import io.switchboard.common.wire.QueuedCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs in Redis (docs/jobs.md): {@code sb:job:<id>} (a hash: what it sends, its rollout, {@code status},
 * {@code cursor} = machines claimed, {@code c:<status>} = machines per command status, {@code version}), with
 * {@code :targets} (the device ids, in order), {@code :machines} (device id -> "commandId status"), {@code :reasons}
 * (why a machine was not sent to), {@code :claims} (machines claimed and not yet dispatched, index -> time),
 * {@code :pending} (its open commands by deadline), {@code :queued} (its queued commands) and {@code :lease} (the
 * replica driving it). {@code sb:jobs:active} lists the jobs not finished, {@code sb:jobs} all kept, by creation.
 * Every change that counts goes through one script, so the counts always add up.
 */
@ApplicationScoped
public class JobStore {
    /** The prefix of a job's keys (also given to the command transition script). */
    public static final String PREFIX = "sb:job:";
    static final String ACTIVE = "sb:jobs:active";
    static final String INDEX = "sb:jobs";

    private static final LuaScript CREATE = LuaScript.load("lua/job-create.lua");
    private static final LuaScript LEASE = LuaScript.load("lua/job-lease.lua");
    private static final LuaScript CLAIM = LuaScript.load("lua/job-claim.lua");
    private static final LuaScript DISPATCH = LuaScript.withLibrary("lua/placement-lib.lua", "lua/job-dispatch.lua");
    private static final LuaScript SETTLE = LuaScript.load("lua/job-settle.lua");
    private static final LuaScript CANCEL = LuaScript.load("lua/job-cancel.lua");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReactiveRedisDataSource redis;
    private final CommandCodec codec;

    JobStore(ReactiveRedisDataSource redis, CommandCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    static String key(String jobId) {
        return PREFIX + jobId;
    }

    /** Stores a new job for {@code request.devices()}; false when {@code maxActive} jobs run already. */
    public Uni<Boolean> create(String jobId, JobRequest request, String submitter, Instant now, int maxActive,
                               Instant keepSince) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("jobId", jobId);
        h.put("method", request.method());
        h.put("params", request.params().toString());
        h.put("timeoutMs", Integer.toString(request.timeoutMs()));
        h.put("ratePerMinute", Integer.toString(request.ratePerMinute()));
        h.put("status", Job.RUNNING);
        h.put("createdAt", now.toString());
        h.put("updatedAt", now.toString());
        h.put("total", Integer.toString(request.devices().size()));
        h.put("cursor", "0");
        h.put("version", "1");
        h.put("submitter", submitter);
        if (request.group() != null) {
            h.put("group", request.group());
        }
        if (request.abortFailedPercent() != null) {
            h.put("abortFailedPercent", request.abortFailedPercent().toString());
            h.put("abortMinFinished", request.abortMinFinished().toString());
        }
        if (request.queueFor() != null) {
            h.put("queueTtlMs", Long.toString(request.queueFor().toMillis()));
        }
        List<String> args = new ArrayList<>(List.of("4", key(jobId), key(jobId) + ":targets", ACTIVE, INDEX,
                Integer.toString(maxActive), jobId, Long.toString(now.toEpochMilli()),
                Long.toString(keepSince.toEpochMilli()), Integer.toString(h.size())));
        h.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        args.addAll(request.devices());
        return CREATE.run(redis, args.toArray(String[]::new)).map(r -> r.get(0).toInteger() == 1);
    }

    public Uni<Optional<Job>> find(String jobId) {
        return redis.hash(String.class).hgetall(key(jobId)).map(h -> h == null || h.isEmpty()
                ? Optional.empty() : Optional.of(toJob(h)));
    }

    /** The jobs not finished yet (each replica looks for the ones it may drive). */
    public Uni<List<String>> active() {
        return redis.sortedSet(String.class).zrange(ACTIVE, 0, -1);
    }

    /** The newest {@code limit} jobs kept, newest first. */
    public Uni<List<Job>> recent(int limit) {
        return redis.sortedSet(String.class).zrange(INDEX, 0, limit - 1, new ZRangeArgs().rev())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Job>of())
                        : Uni.join().all(ids.stream().map(this::find).toList()).andFailFast()
                        .map(found -> found.stream().flatMap(Optional::stream).toList()));
    }

    /** A page of the job's machines in its order, with their outcome. */
    public Uni<Job.Machines> machines(String jobId, int total, int offset, int limit) {
        if (offset >= total || limit == 0) {
            return Uni.createFrom().item(new Job.Machines(List.of(), offset, limit, total));
        }
        return redis.list(String.class).lrange(key(jobId) + ":targets", offset, offset + limit - 1).chain(ids -> {
            String[] fields = ids.toArray(String[]::new);
            Uni<Map<String, String>> outcomes = redis.hash(String.class).hmget(key(jobId) + ":machines", fields);
            Uni<Map<String, String>> reasons = redis.hash(String.class).hmget(key(jobId) + ":reasons", fields);
            return Uni.combine().all().unis(outcomes, reasons).asTuple().map(t -> {
                List<Job.Machine> items = new ArrayList<>();
                for (String id : ids) {
                    items.add(machine(id, t.getItem1().get(id), t.getItem2().get(id)));
                }
                return new Job.Machines(items, offset, limit, total);
            });
        });
    }

    private static Job.Machine machine(String deviceId, String outcome, String reason) {
        if (outcome == null) {
            return new Job.Machine(deviceId, null, "pending", null);
        }
        int space = outcome.indexOf(' ');
        String commandId = outcome.substring(0, space);
        return new Job.Machine(deviceId, commandId.equals("-") ? null : commandId, outcome(outcome.substring(space + 1)),
                reason);
    }

    /** A command status as a job's machine outcome. */
    static String outcome(String commandStatus) {
        return switch (commandStatus) {
            case "accepted", "sent", "delivered" -> "in_progress";
            default -> commandStatus;
        };
    }

    /** What {@link #lease} found. */
    public enum Lease { KEPT, TAKEN, ANOTHERS }

    /** Takes or keeps the job's lease for {@code instance}. */
    public Uni<Lease> lease(String jobId, String instance, long ttlMs) {
        return LEASE.run(redis, "1", key(jobId) + ":lease", instance, Long.toString(ttlMs)).map(r -> switch (r.toInteger()) {
            case 1 -> Lease.KEPT;
            case 2 -> Lease.TAKEN;
            default -> Lease.ANOTHERS;
        });
    }

    /** What {@link #claim} did. */
    public sealed interface Claim {
        /** Machines to dispatch now (index and device id). */
        record Claimed(List<Target> targets) implements Claim { }

        /** Not running (any more): {@code status}. */
        record Stopped(String status) implements Claim { }

        /** Aborted just now by its abort rule. */
        record Aborted() implements Claim { }

        /** Another replica holds the lease. */
        record LeaseLost() implements Claim { }
    }

    /** A machine of a job: its place in the job and its id. */
    public record Target(int index, String deviceId) { }

    /** Claims up to {@code max} machines, as many as the rate allows ({@code due} in all), after the abort rule. */
    public Uni<Claim> claim(String jobId, String instance, long nowMs, long due, int max, Instant now) {
        String k = key(jobId);
        return CLAIM.run(redis, "4", k, k + ":lease", k + ":targets", k + ":claims", instance, Long.toString(nowMs),
                Long.toString(due), Integer.toString(max), now.toString()).map(r -> switch (r.get(0).toInteger()) {
                    case -3 -> new Claim.LeaseLost();
                    case -2 -> new Claim.Aborted();
                    case -1 -> new Claim.Stopped(r.get(1).toString());
                    default -> {
                        List<Target> targets = new ArrayList<>();
                        for (int i = 1; i + 1 < r.size(); i += 2) {
                            targets.add(new Target(r.get(i).toInteger(), r.get(i + 1).toString()));
                        }
                        yield new Claim.Claimed(targets);
                    }
                });
    }

    /** Machines claimed before {@code beforeMs} and not dispatched (their replica died or froze). */
    public Uni<List<Target>> staleClaims(String jobId, long beforeMs, int limit) {
        String k = key(jobId);
        return redis.sortedSet(String.class).zrangebyscore(k + ":claims", ScoreRange.from(Double.NEGATIVE_INFINITY, beforeMs),
                        new ZRangeArgs().limit(0, limit))
                .chain(indices -> indices.isEmpty() ? Uni.createFrom().item(List.<Target>of())
                        : Uni.join().all(indices.stream().map(i -> redis.list(String.class).lindex(k + ":targets", Long.parseLong(i))
                                .map(id -> new Target(Integer.parseInt(i), id))).toList()).andFailFast());
    }

    /** What {@link #dispatch} did. */
    public sealed interface Dispatch {
        /** Stored; to be sent over Kafka by {@code route}. */
        record Online(GatewayRoute route) implements Dispatch { }

        /** Stored {@code queued}; the gateway the machine connects to delivers it. */
        record Queued() implements Dispatch { }

        /** Not sent: the machine is offline ({@code device_offline}) or its queue full ({@code queue_full}). */
        record NotSent(String reason) implements Dispatch { }

        /** Nothing done: dispatched before, or the job stopped since the claim. */
        record Skipped() implements Dispatch { }

        /** Another replica holds the lease: nothing done. */
        record LeaseLost() implements Dispatch { }
    }

    /**
     * Creates (or queues) the command of one machine of a job and books it in the job, in one script, fenced by the
     * job's lease: {@code entry} is its queue entry when the job queues for offline machines, else null.
     */
    public Uni<Dispatch> dispatch(String jobId, String instance, int index, CommandRecord record,
                                  String entry, int maxQueued, long recordTtlMs, Instant queuedUntil, Instant now) {
        String k = key(jobId);
        long queuedTtl = queuedUntil == null ? recordTtlMs
                : Math.max(1, queuedUntil.toEpochMilli() - now.toEpochMilli()) + recordTtlMs;
        List<String> args = new ArrayList<>(List.of("5", CommandStore.key(record.commandId()),
                PresenceKeys.device(record.deviceId()), QueuedCommand.key(record.deviceId()), k, k + ":lease",
                instance, PresenceKeys.ROUTE_PREFIX, Long.toString(recordTtlMs), entry == null ? "" : entry,
                Integer.toString(maxQueued), Long.toString(queuedTtl), queuedUntil == null ? "" : queuedUntil.toString(),
                record.deviceId(), record.commandId(), Integer.toString(index),
                Long.toString(record.deadline().toEpochMilli()),
                queuedUntil == null ? "0" : Long.toString(queuedUntil.toEpochMilli()), now.toString(), jobId));
        CommandStore.fields(codec, record, null, args);
        args.add("job");
        args.add(jobId);
        return DISPATCH.run(redis, args.toArray(String[]::new)).map(r -> switch (r.get(0).toInteger()) {
            case 1 -> new Dispatch.Online(GatewayRoute.parse(r.get(1).toString()));
            case 2 -> new Dispatch.Queued();
            case 0 -> new Dispatch.NotSent(r.get(1).toString());
            case -3 -> new Dispatch.LeaseLost();
            default -> new Dispatch.Skipped();
        });
    }

    /** The job's open commands whose deadline passed by {@code nowMs}. */
    public Uni<List<String>> overdue(String jobId, long nowMs, int limit) {
        return redis.sortedSet(String.class).zrangebyscore(key(jobId) + ":pending",
                ScoreRange.from(Double.NEGATIVE_INFINITY, nowMs), new ZRangeArgs().limit(0, limit));
    }

    /** Moves an open command's deadline (a queued command delivered at last: its deadline counts from then). */
    public Uni<Void> reschedule(String jobId, String commandId, Instant deadline) {
        return redis.sortedSet(String.class).zadd(key(jobId) + ":pending", deadline.toEpochMilli(), commandId).replaceWithVoid();
    }

    /** Forgets an open command whose record is gone (expired with its TTL). */
    public Uni<Void> forget(String jobId, String commandId) {
        return redis.sortedSet(String.class).zrem(key(jobId) + ":pending", commandId).replaceWithVoid();
    }

    /** Some of the job's commands still queued (to cancel when it stopped). */
    public Uni<List<String>> queued(String jobId, int limit) {
        return redis.set(String.class).srandmember(key(jobId) + ":queued", limit);
    }

    /** Completes a job all of whose machines ended, and finishes one with nothing in flight; its status after. */
    public Uni<String> settle(String jobId, Instant now, long retentionMs) {
        return SETTLE.run(redis, "2", key(jobId), ACTIVE, jobId, now.toString(), Long.toString(retentionMs))
                .map(r -> r.get(0).toString());
    }

    /** Cancels a running job: true when it was running; else the job's status, or empty when there is none. */
    public Uni<Optional<Boolean>> cancel(String jobId, Instant now) {
        return CANCEL.run(redis, "1", key(jobId), now.toString()).map(r -> switch (r.get(0).toInteger()) {
            case 1 -> Optional.of(true);
            case 0 -> Optional.of(false);
            default -> Optional.<Boolean>empty();
        });
    }

    /** The job a hash of this store holds, as the API shows it. */
    public static Job toJob(Map<String, String> h) {
        int total = Integer.parseInt(h.get("total"));
        Map<String, Integer> raw = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith("c:")) {
                raw.merge(outcome(k.substring(2)), Integer.parseInt(v), Integer::sum);
            }
        });
        Map<String, Integer> counts = new LinkedHashMap<>();
        int dispatched = raw.values().stream().mapToInt(Integer::intValue).sum();
        for (String o : Job.OUTCOMES) {
            counts.put(o, o.equals("pending") ? total - dispatched : raw.getOrDefault(o, 0));
        }
        Job.Abort abort = h.containsKey("abortFailedPercent") ? new Job.Abort(Integer.parseInt(h.get("abortFailedPercent")),
                Integer.parseInt(h.get("abortMinFinished"))) : null;
        Job.Delivery delivery = h.containsKey("queueTtlMs") ? new Job.Delivery("queue", Long.parseLong(h.get("queueTtlMs")))
                : new Job.Delivery("fail", null);
        return new Job(h.get("jobId"), h.get("method"), json(h.get("params")), h.get("status"), Instant.parse(h.get("createdAt")),
                Instant.parse(h.get("updatedAt")), h.containsKey("finishedAt") ? Instant.parse(h.get("finishedAt")) : null,
                h.get("group"), Integer.parseInt(h.get("ratePerMinute")), Integer.parseInt(h.get("timeoutMs")), abort, delivery,
                total, counts, Long.parseLong(h.getOrDefault("version", "0")), null);
    }

    /** The hash fields the driver needs beyond the view: when it started and its cursor. */
    public Uni<Map<String, String>> raw(String jobId) {
        return redis.hash(String.class).hgetall(key(jobId));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
