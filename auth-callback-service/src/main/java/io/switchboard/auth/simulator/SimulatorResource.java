package io.switchboard.auth.simulator;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.client.Credential;
import io.switchboard.auth.client.CredentialRequest;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.service.QrProblems;
import io.switchboard.auth.store.SimulatedKeyStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The simulated third party (only with {@code qr.simulator.enabled=true}; 404 otherwise): its credential
 * API, and the phone page whose buttons make it call our webhook over HTTP, signed.
 */
@Path("/sim/third-party")
@Tag(name = "Simulated third party (local runs)")
public class SimulatorResource {
    private static final Map<String, String> EVENTS = Map.of("scan", "scanned", "approve", "granted", "deny", "denied");
    private final SecureRandom random = new SecureRandom();
    private final QrConfig config;
    private final SimulatedKeyStore keys;
    private final SimulatedPhone phone;

    SimulatorResource(QrConfig config, SimulatedKeyStore keys, SimulatedPhone phone) {
        this.config = config;
        this.keys = keys;
        this.phone = phone;
    }

    @POST
    @Path("qr-credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a qrCodeKey for a busNo (our login id)")
    public Uni<Credential> issue(CredentialRequest request, @Context UriInfo uri) {
        enabled();
        if (request == null || request.busNo() == null || request.busNo().isBlank()) {
            throw QrProblems.badRequest("bad_request", "busNo is required");
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String key = "sim_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String base = config.simulator().phoneBaseUrl().orElse(uri.getBaseUri() + "sim/third-party");
        String qrUrl = base + "/phone?qrCodeKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
        return keys.remember(key, request.busNo(), config.simulator().keyTtl()).replaceWith(new Credential(key, qrUrl));
    }

    @GET
    @Path("phone")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The phone page a scanned QR code opens")
    public Uni<Response> phone(@QueryParam("qrCodeKey") String qrCodeKey) {
        enabled();
        return keys.known(qrCodeKey == null ? "" : qrCodeKey).map(known -> known
                ? Response.ok(PhonePage.actions(qrCodeKey, null)).build()
                : Response.status(404).entity(PhonePage.unknown(qrCodeKey)).type(MediaType.TEXT_HTML).build());
    }

    @POST
    @Path("phone")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "A button on the phone page: scan, approve or deny")
    public Uni<String> act(@FormParam("qrCodeKey") String qrCodeKey, @FormParam("action") String action,
                           @FormParam("userId") String userId, @FormParam("userName") String userName,
                           @Context UriInfo uri) {
        enabled();
        String event = EVENTS.get(action == null ? "" : action);
        if (event == null || qrCodeKey == null || qrCodeKey.isBlank()) {
            throw QrProblems.badRequest("bad_request", "qrCodeKey and action (scan|approve|deny) are required");
        }
        String webhookUrl = config.simulator().webhookUrl().orElse(uri.getBaseUri() + "api/callbacks/qr-grants");
        String id = userId == null || userId.isBlank() ? "user-42" : userId;
        return phone.send(webhookUrl, qrCodeKey, event, id, userName == null ? "" : userName)
                .map(d -> PhonePage.actions(qrCodeKey, event + ": webhook answered " + d.status() + " " + d.body()));
    }

    private void enabled() {
        if (!config.simulator().enabled()) {
            throw QrProblems.notFound();
        }
    }
}
