package io.switchboard.command.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.switchboard.command.domain.DeviceState;
import io.switchboard.command.service.DeviceDirectory;
import io.switchboard.common.presence.DevicePresence;
import io.switchboard.common.problem.Problem;
import io.switchboard.common.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connected devices, as the gateways record them, and what each last said. */
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "service"})
public class DeviceResource {
    private final DeviceDirectory devices;

    DeviceResource(DeviceDirectory devices) {
        this.devices = devices;
    }

    /** A connected device (in the list: its presence only). */
    public record DeviceView(String deviceId, Instant connectedAt, String gateway) {
        static DeviceView of(DevicePresence p) {
            return new DeviceView(p.deviceId(), p.connectedAt(), p.gateway());
        }
    }

    /**
     * One connected device: its presence, {@code connected: true}, and its last {@code status} notification when it
     * sent one ({@code reportedStatus}: the params as sent; {@code reportedAt}: when the gateway received them). Not
     * {@code status}: a problem document reserves that member for the HTTP status, and the offline answer is one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectedDevice(String deviceId, boolean connected, Instant connectedAt, String gateway,
                                  JsonNode reportedStatus, Instant reportedAt) {
    }

    @GET
    public Uni<List<DeviceView>> list() {
        return devices.all().map(l -> l.stream().map(DeviceView::of).toList());
    }

    /**
     * 200 with the device while a gateway holds it; 404 {@code device_offline} when none does, as the contract has
     * always said, and the problem then carries what the platform last heard from it when it knows the device:
     * {@code connected: false}, {@code lastSeen}, {@code reportedStatus}, {@code reportedAt} (docs/commands.md).
     */
    @GET
    @Path("/{deviceId}")
    public Uni<ConnectedDevice> get(@PathParam("deviceId") String deviceId) {
        return devices.device(deviceId).map(d -> {
            DeviceState state = d.state().orElse(null);
            if (d.presence().isPresent()) {
                DevicePresence p = d.presence().get();
                return new ConnectedDevice(deviceId, true, p.connectedAt(), p.gateway(),
                        state == null ? null : state.status(), state == null ? null : state.reportedAt());
            }
            Problem offline = CommandProblems.deviceOffline(404, deviceId);
            if (state != null) {
                Map<String, Object> last = new LinkedHashMap<>();
                last.put("deviceId", deviceId);
                last.put("connected", false);
                last.put("lastSeen", state.lastSeen());
                if (state.status() != null) {
                    last.put("reportedStatus", state.status());
                    last.put("reportedAt", state.reportedAt());
                }
                offline = offline.with(last);
            }
            throw new ProblemException(offline);
        });
    }
}
