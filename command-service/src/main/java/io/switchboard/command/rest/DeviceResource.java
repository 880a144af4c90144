package io.switchboard.command.rest;

import io.smallrye.mutiny.Uni;
import io.switchboard.command.service.DeviceDirectory;
import io.switchboard.common.presence.DevicePresence;
import io.switchboard.common.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** Connected devices, as the gateways record them. */
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "service"})
public class DeviceResource {
    private final DeviceDirectory devices;

    DeviceResource(DeviceDirectory devices) {
        this.devices = devices;
    }

    /** A connected device. */
    public record DeviceView(String deviceId, Instant connectedAt, String gateway) {
        static DeviceView of(DevicePresence p) {
            return new DeviceView(p.deviceId(), p.connectedAt(), p.gateway());
        }
    }

    @GET
    public Uni<List<DeviceView>> list() {
        return devices.all().map(l -> l.stream().map(DeviceView::of).toList());
    }

    @GET
    @Path("/{deviceId}")
    public Uni<DeviceView> get(@PathParam("deviceId") String deviceId) {
        return devices.find(deviceId).map(p -> p.map(DeviceView::of)
                .orElseThrow(() -> new ProblemException(CommandProblems.deviceOffline(404, deviceId))));
    }
}
