package io.switchboard.auth.rest;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.LoginCreated;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.domain.LoginStatus;
import io.switchboard.auth.service.BrowserBinding;
import io.switchboard.auth.service.LoginCreation;
import io.switchboard.auth.service.LongPoll;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Browser side of a QR login: start it, then long-poll its state with the binding cookie. */
@Path("/api/qr-logins")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "QR login")
public class QrLoginResource {
    private final LoginCreation creation;
    private final LongPoll longPoll;
    private final BrowserBinding binding;
    private final QrConfig config;

    QrLoginResource(LoginCreation creation, LongPoll longPoll, BrowserBinding binding, QrConfig config) {
        this.creation = creation;
        this.longPoll = longPoll;
        this.binding = binding;
        this.config = config;
    }

    @POST
    @Operation(summary = "Start a QR login", description = "Sets the HttpOnly binding cookie sb_qr_<loginId>.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = LoginCreated.class)))
    @APIResponse(responseCode = "429", description = "rate_limited")
    @APIResponse(responseCode = "502", description = "third_party_bad_response")
    @APIResponse(responseCode = "503", description = "third_party_unavailable")
    public Uni<Response> start(@Context HttpServerRequest request) {
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return creation.start(address).map(started -> Response
                .created(URI.create("/api/qr-logins/" + started.login().loginId()))
                .cookie(binding.cookie(started.login().loginId(), started.bindingSecret()))
                .entity(started.login()).build());
    }

    @GET
    @Path("{loginId}")
    @Operation(summary = "A login's state; with waitSeconds, held until it changes",
            description = "The first answer in state granted carries the grant and consumes it.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LoginStatus.class)))
    @APIResponse(responseCode = "400", description = "invalid_wait_seconds, invalid_known_state")
    @APIResponse(responseCode = "403", description = "qr_binding_missing, qr_binding_mismatch")
    @APIResponse(responseCode = "404", description = "qr_login_not_found")
    @APIResponse(responseCode = "503", description = "too_many_waiters")
    public Uni<LoginStatus> get(@PathParam("loginId") String loginId, @QueryParam("waitSeconds") String waitSeconds,
                                @QueryParam("knownState") String knownState, @Context HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(binding.cookieName(loginId));
        LoginState known = knownState == null ? null : LoginState.parse(knownState).orElseThrow(() ->
                QrProblems.badRequest("invalid_known_state", "knownState must be one of the login states"));
        int wait = seconds(waitSeconds);
        if (wait < 0 || wait > config.waiting().maxWaitSeconds()) {
            throw QrProblems.badRequest("invalid_wait_seconds",
                    "waitSeconds must be between 0 and " + config.waiting().maxWaitSeconds());
        }
        return longPoll.poll(loginId, cookie == null ? null : cookie.getValue(), wait, known);
    }

    private static int seconds(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw QrProblems.badRequest("invalid_wait_seconds", "waitSeconds must be a whole number of seconds");
        }
    }
}
