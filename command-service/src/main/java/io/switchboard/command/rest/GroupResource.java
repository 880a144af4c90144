package io.switchboard.command.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.InvalidJob;
import io.switchboard.command.domain.JobRefused;
import io.switchboard.command.service.JobRequestParser;
import io.switchboard.command.store.GroupStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Device groups, the targets a job may name (docs/jobs.md): {@code POST /api/groups/{group}/devices} adds,
 * {@code DELETE /api/groups/{group}/devices/{deviceId}} removes one, {@code DELETE /api/groups/{group}} removes the
 * group, {@code GET /api/groups/{group}} pages its members (sorted).
 */
@Path("/api/groups/{group}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "service"})
public class GroupResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GroupStore groups;
    private final CommandConfig.Jobs config;

    GroupResource(GroupStore groups, CommandConfig config) {
        this.groups = groups;
        this.config = config.jobs();
    }

    /** A page of a group's members; a group without members reads as empty (there is no other kind). */
    public record GroupView(String group, int total, int offset, List<String> devices) { }

    @GET
    public Uni<GroupView> get(@PathParam("group") String group, @QueryParam("offset") Integer offset,
                              @QueryParam("limit") Integer limit) {
        check(group);
        int from = offset == null ? 0 : offset;
        int size = limit == null ? Math.min(100, config.maxPage()) : limit;
        if (from < 0 || size < 0 || size > config.maxPage()) {
            throw new InvalidJob("offset must be 0 or more and limit from 0 to " + config.maxPage());
        }
        return groups.members(group).map(all -> new GroupView(group, all.size(), from,
                all.subList(Math.min(from, all.size()), Math.min(from + size, all.size()))));
    }

    /** Adds {@code {"devices": [...]}}: 200 with the group's size; 409 {@code group_full} and nothing added past the bound. */
    @POST
    @Path("/devices")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> add(@PathParam("group") String group, String body) {
        check(group);
        List<String> devices = devices(body);
        return groups.add(group, devices, config.maxGroupSize()).map(size -> {
            if (size < 0) {
                throw new JobRefused(409, "group_full", "Group full", "Group " + group + " would hold " + (-size)
                        + " devices; a group holds at most " + config.maxGroupSize(),
                        Map.of("group", group, "maxGroupSize", config.maxGroupSize()));
            }
            return Map.of("group", group, "total", size);
        });
    }

    @DELETE
    @Path("/devices/{deviceId}")
    public Uni<Response> remove(@PathParam("group") String group, @PathParam("deviceId") String deviceId) {
        check(group);
        return groups.remove(group, deviceId).map(x -> Response.noContent().build());
    }

    @DELETE
    public Uni<Response> delete(@PathParam("group") String group) {
        check(group);
        return groups.delete(group).map(x -> Response.noContent().build());
    }

    private static void check(String group) {
        if (!JobRequestParser.ID.matcher(group).matches()) {
            throw new InvalidJob("A group id is 1-128 of A-Z a-z 0-9 . _ : @ | + -");
        }
    }

    private List<String> devices(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            throw new InvalidJob("The body is not valid JSON");
        }
        if (root == null || !root.isObject() || root.size() != 1 || !root.has("devices")) {
            throw new InvalidJob("The body must be {\"devices\":[\"id\",...]}");
        }
        return JobRequestParser.deviceIds(root.get("devices"), config.maxGroupSize(), "devices", "a group holds at most");
    }
}
