package io.switchboard.command.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.service.CommandReadPolicy;
import io.switchboard.command.service.CommandQueue;
import io.switchboard.command.service.CommandService;
import io.switchboard.common.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/commands/{commandId}[?waitMs=N]}: a command's record, optionally held until it ends.
 * Readable by its submitter and by role {@code service}; to anyone else it does not exist (404, see
 * {@link CommandReadPolicy}).
 */
@Path("/api/commands")
@Produces(MediaType.APPLICATION_JSON)
public class CommandResource {
    private final CommandService service;
    private final CommandReadPolicy policy;
    private final SecurityIdentity identity;
    private final CommandConfig config;
    private final CommandQueue queue;

    CommandResource(CommandService service, CommandReadPolicy policy, SecurityIdentity identity, CommandConfig config,
                    CommandQueue queue) {
        this.service = service;
        this.queue = queue;
        this.policy = policy;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @Path("/{commandId}")
    @RolesAllowed({"operator", "service"})
    public Uni<Response> get(@PathParam("commandId") String commandId, @QueryParam("waitMs") Integer waitMs) {
        if (waitMs != null && (waitMs < 0 || waitMs > config.maxWaitMs())) {
            throw ProblemException.of(400, "invalid_wait", "Invalid waitMs", "waitMs must be from 0 to " + config.maxWaitMs());
        }
        String subject = identity.getPrincipal().getName();
        boolean asService = identity.hasRole("service");
        return service.find(commandId)
                .map(found -> found.flatMap(r -> policy.visible(r, subject, asService)))
                .chain(visible -> visible.isEmpty() || waitMs == null || waitMs == 0 ? Uni.createFrom().item(visible)
                        : service.findWhenEnded(commandId, waitMs))
                .map(r -> Response.ok(r.orElseThrow(() -> notFound(commandId))).build());
    }

    /**
     * Cancels a command that waits for its offline machine: 200 with the record, now {@code cancelled}; it is never
     * delivered. 409 {@code command_not_queued} when it is not queued (any more): sent, delivered, or ended. The same
     * callers as for a read may cancel (its submitter, role {@code service}); to anyone else it is 404.
     */
    @DELETE
    @Path("/{commandId}")
    @RolesAllowed({"operator", "service"})
    public Uni<Response> cancel(@PathParam("commandId") String commandId) {
        String subject = identity.getPrincipal().getName();
        boolean asService = identity.hasRole("service");
        return service.find(commandId)
                .map(found -> found.flatMap(r -> policy.visible(r, subject, asService)).orElseThrow(() -> notFound(commandId)))
                .chain(queue::cancel)
                .map(r -> Response.ok(r).build());
    }

    private ProblemException notFound(String commandId) {
        return ProblemException.of(404, "command_not_found", "Command not found",
                "No command " + commandId + " (records are kept for " + config.recordTtl() + ")");
    }
}
