package io.switchboard.command.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.Caller;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.CommandStatus;
import io.switchboard.command.domain.Submission;
import io.switchboard.command.service.CommandRequestParser;
import io.switchboard.command.service.IdempotentCommands;
import io.switchboard.common.problem.Problem;
import io.switchboard.common.wire.DeviceReply;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;

/** {@code POST /api/devices/{deviceId}/commands}: a command to a machine, answered with its reply or a timeout. */
@Path("/api/devices/{deviceId}/commands")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceCommandResource {
    private final IdempotentCommands commands;
    private final CommandRequestParser parser;
    private final SecurityIdentity identity;
    private final CommandConfig config;

    DeviceCommandResource(IdempotentCommands commands, CommandRequestParser parser, SecurityIdentity identity,
                          CommandConfig config) {
        this.commands = commands;
        this.parser = parser;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({"operator", "service"})
    public Uni<Response> send(@PathParam("deviceId") String deviceId, String body,
                              @HeaderParam("Idempotency-Key") String idempotencyKey, @HeaderParam("Prefer") String prefer) {
        boolean async = prefer != null && prefer.toLowerCase(java.util.Locale.ROOT).contains("respond-async");
        return Uni.createFrom().item(() -> parser.parse(body))
                .chain(request -> commands.submit(new Caller(identity.getPrincipal().getName()), deviceId, request,
                        idempotencyKey, async))
                .map(this::toResponse);
    }

    private Response toResponse(Submission submission) {
        CommandRecord r = submission.command();
        URI location = URI.create("/api/commands/" + r.commandId());
        if (submission instanceof Submission.Accepted) {
            return Response.accepted(r).location(location).build();
        }
        if (submission instanceof Submission.TimedOut) {
            Problem problem = Problem.of(504, "command_timeout", "Command timed out",
                    "Device " + r.deviceId() + " did not answer within " + r.timeoutMs() + " ms; outcome unknown")
                    .with(Map.of("commandId", r.commandId(), "deviceId", r.deviceId(), "commandStatus", r.status(), "command", r));
            return Response.status(504).type(Problem.MEDIA_TYPE).location(location).entity(problem).build();
        }
        if (submission instanceof Submission.NotSent) {
            Problem problem = Problem.of(503, "broker_unavailable", "Broker unavailable",
                    "Command " + r.commandId() + " could not be handed to Kafka in time; it was not sent and will never be delivered")
                    .with(Map.of("commandId", r.commandId(), "deviceId", r.deviceId(), "commandStatus", r.status(), "command", r));
            long retryAfter = Math.max(1, (config.brokerRetryAfter().toMillis() + 999) / 1000);
            return Response.status(503).type(Problem.MEDIA_TYPE).location(location)
                    .header("Retry-After", Long.toString(retryAfter)).entity(problem).build();
        }
        if (CommandStatus.EXPIRED.wire().equals(r.status()) && DeviceReply.DEVICE_DISCONNECTED.equals(r.reason())) {
            // the device left between the look-up and the delivery and is not back: as offline, though recorded
            Problem problem = Problem.of(409, "device_offline", "Device offline",
                    "Device " + r.deviceId() + " disconnected before command " + r.commandId() + " reached it; it was not sent")
                    .with(Map.of("commandId", r.commandId(), "deviceId", r.deviceId(), "commandStatus", r.status(), "command", r));
            return Response.status(409).type(Problem.MEDIA_TYPE).location(location).entity(problem).build();
        }
        return Response.ok(r).location(location).build();
    }
}
