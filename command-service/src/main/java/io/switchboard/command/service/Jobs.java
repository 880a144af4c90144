package io.switchboard.command.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.Job;
import io.switchboard.command.domain.JobRefused;
import io.switchboard.command.domain.JobRequest;
import io.switchboard.command.store.GroupStore;
import io.switchboard.command.store.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One command to many machines (docs/jobs.md): creating a job, reading it with a page of its machines, listing and
 * cancelling jobs. The rollout itself is {@link JobDriver}'s, on whichever replica holds the job's lease.
 */
@ApplicationScoped
public class Jobs {
    private final JobStore store;
    private final GroupStore groups;
    private final JobProgress progress;
    private final CommandConfig.Jobs config;

    Jobs(JobStore store, GroupStore groups, JobProgress progress, CommandConfig config) {
        this.store = store;
        this.groups = groups;
        this.progress = progress;
        this.config = config.jobs();
    }

    /** Stores and starts a job; its first machine is dispatched within a tick. */
    public Uni<Job> create(JobRequest request, String submitter) {
        Uni<JobRequest> resolved = request.devices() != null ? Uni.createFrom().item(request)
                : groups.members(request.group()).map(members -> {
                    if (members.isEmpty()) {
                        throw new JobRefused(409, "group_empty", "Group empty", "Group " + request.group()
                                + " has no devices", Map.of("group", request.group()));
                    }
                    if (members.size() > config.maxTargets()) { // a group bounded higher than jobs are
                        throw new JobRefused(409, "too_many_targets", "Too many targets", "Group " + request.group()
                                + " has " + members.size() + " devices; a job targets at most " + config.maxTargets(),
                                Map.of("group", request.group(), "maxTargets", config.maxTargets()));
                    }
                    return request.withDevices(members);
                });
        return resolved.chain(r -> {
            JobRequest full = r.abortFailedPercent() != null && r.abortMinFinished() == null
                    ? new JobRequest(r.method(), r.params(), r.timeoutMs(), r.devices(), r.group(), r.ratePerMinute(),
                            r.abortFailedPercent(), Math.min(config.defaultAbortMinFinished(), r.devices().size()), r.queueFor())
                    : r;
            String jobId = "job_" + UUID.randomUUID().toString().replace("-", "");
            Instant now = Instant.now();
            return store.create(jobId, full, submitter, now, config.maxActive(), now.minus(config.retention()))
                    .chain(stored -> {
                        if (!stored) {
                            throw new JobRefused(409, "too_many_jobs", "Too many jobs", config.maxActive()
                                    + " jobs are running; wait for one to end or cancel one", Map.of("maxActive", config.maxActive()));
                        }
                        Log.infof("[job %s] %s to %d machines at %d a minute created by %s", jobId, full.method(),
                                full.devices().size(), full.ratePerMinute(), submitter);
                        return find(jobId);
                    });
        }).call(progress::publish);
    }

    /** The job, without its machines. */
    public Uni<Job> find(String jobId) {
        return store.find(jobId).map(found -> found.orElseThrow(() -> notFound(jobId)));
    }

    /** The job with a page of its machines. */
    public Uni<Job> find(String jobId, int offset, int limit) {
        return find(jobId).chain(job -> store.machines(jobId, job.total(), offset, limit).map(job::withMachines));
    }

    public Uni<List<Job>> recent(int limit) {
        return store.recent(limit);
    }

    /**
     * Cancels a running job: no machine is dispatched after this, its queued commands are cancelled by the replica
     * driving it, commands already sent run to their end. 409 {@code job_not_running} when it ended already.
     */
    public Uni<Job> cancel(String jobId) {
        return store.cancel(jobId, Instant.now()).chain(result -> {
            if (result.isEmpty()) {
                throw notFound(jobId);
            }
            return find(jobId).map(job -> {
                if (!result.get()) {
                    throw new JobRefused(409, "job_not_running", "Job not running", "Job " + jobId + " is " + job.status()
                            + "; only a running job can be cancelled", Map.of("jobId", jobId, "jobStatus", job.status(), "job", job));
                }
                Log.infof("[job %s] cancelled", jobId);
                return job;
            });
        }).call(progress::publish);
    }

    private JobRefused notFound(String jobId) {
        return new JobRefused(404, "job_not_found", "Job not found", "No job " + jobId + " (finished jobs are kept for "
                + config.retention() + ")", Map.of("jobId", jobId));
    }
}
