package io.switchboard.command.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.InvalidJob;
import io.switchboard.command.domain.Job;
import io.switchboard.command.service.JobRequestParser;
import io.switchboard.command.service.Jobs;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One command to many machines (docs/jobs.md): {@code POST /api/jobs}, {@code GET /api/jobs[/{id}]},
 * {@code POST /api/jobs/{id}/cancel}. Jobs are fleet operations: every operator (and role {@code service}) sees and
 * may cancel every job, as every operator sees every device.
 */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "service"})
public class JobResource {
    private final Jobs jobs;
    private final JobRequestParser parser;
    private final SecurityIdentity identity;
    private final CommandConfig.Jobs config;

    JobResource(Jobs jobs, JobRequestParser parser, SecurityIdentity identity, CommandConfig config) {
        this.jobs = jobs;
        this.parser = parser;
        this.identity = identity;
        this.config = config.jobs();
    }

    /** 201 with the job and {@code Location: /api/jobs/{id}}; its first machine is dispatched within a tick. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(String body) {
        return Uni.createFrom().item(() -> parser.parse(body))
                .chain(request -> jobs.create(request, identity.getPrincipal().getName()))
                .map(job -> Response.created(URI.create("/api/jobs/" + job.jobId())).entity(job).build());
    }

    /** The newest jobs first ({@code limit}, 20 unless given). */
    @GET
    public Uni<Map<String, List<Job>>> list(@QueryParam("limit") Integer limit) {
        return jobs.recent(page(limit, 20, "limit")).map(items -> Map.of("items", items));
    }

    /** The job with a page of its machines in the job's order ({@code offset}, {@code limit}: 0 and 50 unless given). */
    @GET
    @Path("/{jobId}")
    public Uni<Job> get(@PathParam("jobId") String jobId, @QueryParam("offset") Integer offset,
                        @QueryParam("limit") Integer limit) {
        if (offset != null && offset < 0) {
            throw new InvalidJob("offset must be 0 or more");
        }
        return jobs.find(jobId, offset == null ? 0 : offset, page(limit, 50, "limit"));
    }

    /** 200 with the job, now {@code cancelled}; 409 {@code job_not_running} when it ended already. */
    @POST
    @Path("/{jobId}/cancel")
    @Consumes(MediaType.WILDCARD)
    public Uni<Job> cancel(@PathParam("jobId") String jobId) {
        return jobs.cancel(jobId);
    }

    private int page(Integer limit, int absent, String name) {
        if (limit == null) {
            return Math.min(absent, config.maxPage());
        }
        if (limit < 0 || limit > config.maxPage()) {
            throw new InvalidJob(name + " must be from 0 to " + config.maxPage());
        }
        return limit;
    }
}
