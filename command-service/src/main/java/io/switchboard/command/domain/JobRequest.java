package io.switchboard.command.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * A validated {@code POST /api/jobs} body: one command ({@code method}, {@code params}, {@code timeoutMs}) for each of
 * {@code devices} (the list given, or the group's members when the job was created, in order, without repeats),
 * at most {@code ratePerMinute} machines a minute, stopped when more than {@code abortFailedPercent} of at least
 * {@code abortMinFinished} finished machines failed (no abort rule when null), held for an offline machine for
 * {@code queueFor} (null: an offline machine is not sent to).
 */
public record JobRequest(String method, JsonNode params, int timeoutMs, List<String> devices, String group,
                         int ratePerMinute, Integer abortFailedPercent, Integer abortMinFinished, Duration queueFor) {
    public JobRequest {
        devices = devices == null ? null : List.copyOf(devices);
    }

    /** The same request with its targets resolved (a group's members). */
    public JobRequest withDevices(List<String> resolved) {
        return new JobRequest(method, params, timeoutMs, resolved, group, ratePerMinute, abortFailedPercent,
                abortMinFinished, queueFor);
    }
}
