package io.switchboard.notify.rest;

import io.smallrye.mutiny.Uni;
import io.switchboard.common.problem.ProblemException;
import io.switchboard.notify.domain.IncomingEvent;
import io.switchboard.notify.domain.IngestResult;
import io.switchboard.notify.service.EventIngest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/events} (role service): ingest an event over HTTP, the same as a record on Kafka notify.events. */
@Path("/api/events")
@RolesAllowed("service")
@Tag(name = "events")
@SecurityRequirement(name = "jwt")
public class EventResource {
    private final EventIngest ingest;

    EventResource(EventIngest ingest) {
        this.ingest = ingest;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest an event", description = "Stored once per id in the channel's history and pushed to its subscribers.")
    @APIResponse(responseCode = "202", description = "Accepted (also for an id seen before: duplicate=true)",
            content = @Content(schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(responseCode = "400", description = "Invalid event (problem+json, code invalid_event)")
    @APIResponse(responseCode = "503", description = "Redis unavailable, nothing stored: try again after Retry-After (problem+json, code store_unavailable)")
    public Uni<Response> ingest(IncomingEvent event) {
        if (event == null) {
            throw ProblemException.of(400, "invalid_event", "Invalid event", "a JSON body {id, channel, type, data} is required");
        }
        ingest.problem(event).ifPresent(problem -> {
            throw ProblemException.of(400, "invalid_event", "Invalid event", problem);
        });
        return ingest.ingest(event, "http").map(r -> Response.accepted(r).build());
    }
}
