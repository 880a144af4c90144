package io.switchboard.command.rest;

import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.DeviceOffline;
import io.switchboard.command.domain.IdempotencyRefused;
import io.switchboard.command.domain.InvalidCommand;
import io.switchboard.command.domain.InvalidJob;
import io.switchboard.command.domain.JobRefused;
import io.switchboard.command.domain.NotCancellable;
import io.switchboard.command.domain.QueueFull;
import io.switchboard.command.domain.TooManyWaiting;
import io.switchboard.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The service's refusals as problem+json: one mapper per exception type. */
public class CommandProblems {

    /** 409 to a command for the device; {@link DeviceResource} answers 404 with the same problem. */
    @ServerExceptionMapper
    public Response deviceOffline(DeviceOffline e) {
        return problem(deviceOffline(409, e.deviceId()));
    }

    static Problem deviceOffline(int status, String deviceId) {
        return Problem.of(status, "device_offline", "Device offline", "No gateway holds a connection of device " + deviceId);
    }

    /** 409: the offline machine's queue is full; nothing was stored. */
    @ServerExceptionMapper
    public Response queueFull(QueueFull e) {
        return problem(Problem.of(409, "device_queue_full", "Device queue full", e.getMessage())
                .with(Map.of("deviceId", e.deviceId(), "maxQueued", e.max())));
    }

    /** 409 to a DELETE of a command that is not queued (any more); the body carries its record as it is. */
    @ServerExceptionMapper
    public Response notCancellable(NotCancellable e) {
        CommandRecord r = e.command();
        return problem(Problem.of(409, "command_not_queued", "Command not queued", e.getMessage())
                .with(Map.of("commandId", r.commandId(), "commandStatus", r.status(), "command", r)));
    }

    @ServerExceptionMapper
    public Response invalidJob(InvalidJob e) {
        return problem(Problem.of(400, "invalid_job", "Invalid job", e.getMessage()));
    }

    /** A job or group request refused for the state of things (404, 409), with the problem's members. */
    @ServerExceptionMapper
    public Response jobRefused(JobRefused e) {
        return problem(Problem.of(e.status(), e.code(), e.title(), e.getMessage()).with(e.members()));
    }

    @ServerExceptionMapper
    public Response invalidCommand(InvalidCommand e) {
        return problem(Problem.of(400, "invalid_command", "Invalid command", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response tooManyWaiting(TooManyWaiting e) {
        return problem(Problem.of(503, "too_many_waiting", "Too many commands waiting", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response idempotencyRefused(IdempotencyRefused e) {
        return problem(switch (e.reason()) {
            case INVALID_KEY -> Problem.of(400, "invalid_idempotency_key", "Invalid Idempotency-Key", e.getMessage());
            case KEY_REUSED -> Problem.of(422, "idempotency_key_reused", "Idempotency-Key reused", e.getMessage());
            case IN_FLIGHT -> Problem.of(409, "idempotency_in_flight", "Request in flight", e.getMessage());
        });
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
