package io.switchboard.command.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as the API shows it (docs/jobs.md): what it sends, its rollout, its state ({@code running}, then
 * {@code completed}, or {@code aborted} by its abort rule, or {@code cancelled}) and its machines counted by outcome.
 * {@code machines} is a page of per-machine outcomes, only in {@code GET /api/jobs/{id}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Job(String jobId, String method, JsonNode params, String status, Instant createdAt, Instant updatedAt,
                  Instant finishedAt, String group, int ratePerMinute, int timeoutMs, Abort abort, Delivery delivery,
                  int total, Map<String, Integer> counts, long version, Machines machines) {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String ABORTED = "aborted";
    public static final String CANCELLED = "cancelled";

    /** The order of {@code counts}: every outcome a machine of a job can have. */
    public static final List<String> OUTCOMES = List.of("pending", "queued", "in_progress", "succeeded", "failed",
            "timed_out", "expired", "cancelled", "offline");

    /** Stop the rollout when more than {@code failedPercent} of at least {@code minFinished} finished machines failed. */
    public record Abort(int failedPercent, int minFinished) { }

    /** How an offline machine is served: {@code whenOffline: queue} for {@code ttlMs}. */
    public record Delivery(String whenOffline, Long ttlMs) { }

    /** One machine's outcome: {@code status} one of {@link #OUTCOMES}; its command once dispatched. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Machine(String deviceId, String commandId, String status, String reason) { }

    /** A page of machines, in the job's order. */
    public record Machines(List<Machine> items, int offset, int limit, int total) { }

    public boolean running() {
        return RUNNING.equals(status);
    }

    public Job withMachines(Machines page) {
        return new Job(jobId, method, params, status, createdAt, updatedAt, finishedAt, group, ratePerMinute, timeoutMs,
                abort, delivery, total, counts, version, page);
    }
}
