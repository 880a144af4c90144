package io.switchboard.command.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.command.domain.Job;
import io.switchboard.command.messaging.OpsEvents;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A job's progress for operators, live: {@code job.progress} on the notify channel {@code ops:jobs} with the job as
 * {@code GET /api/jobs/{id}} shows it (without machines). The event id is the job id and its version, so the same
 * state told twice (two replicas, a lease that moved) is one event for notify-service.
 */
@ApplicationScoped
public class JobProgress {
    public static final String CHANNEL = "ops:jobs";
    public static final String TYPE = "job.progress";

    private final OpsEvents ops;

    JobProgress(OpsEvents ops) {
        this.ops = ops;
    }

    public Uni<Void> publish(Job job) {
        return ops.publish(job.jobId() + ":" + job.version(), CHANNEL, TYPE, job.withMachines(null));
    }
}
