package io.switchboard.command.rest;

import io.quarkus.runtime.Startup;
import io.switchboard.command.config.CommandConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code GET /console/config}: what the device console page needs to know before it signs in, the notification
 * socket to subscribe to ({@code commands.console.notify-url}). Nothing secret, so no token; not cached, so a changed
 * setting reaches the next page load.
 */
@Path("/console/config")
@PermitAll
@Startup
public class ConsoleConfigResource {
    /** {@code notifyUrl}: a ws(s) URL, or null for the page's own host at {@code /notifications/ws}. */
    public record ConsoleConfig(String notifyUrl) {
    }

    private final ConsoleConfig config;

    /** Built at start ({@link Startup}): a bad URL stops the service with a message naming the key. */
    ConsoleConfigResource(CommandConfig config) {
        this.config = new ConsoleConfig(checked(config.console().notifyUrl()).orElse(null));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The device console's settings", description = "notifyUrl: the notification socket for the "
            + "ops: channels (null: the page's own host, /notifications/ws).")
    public RestResponse<ConsoleConfig> get() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return RestResponse.ResponseBuilder.ok(config).cacheControl(noStore).build();
    }

    static Optional<String> checked(Optional<String> url) {
        url.ifPresent(u -> {
            URI uri;
            try {
                uri = URI.create(u.trim());
            } catch (IllegalArgumentException e) {
                throw invalid(u);
            }
            if (!("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) || uri.getHost() == null) {
                throw invalid(u);
            }
        });
        return url.map(String::trim);
    }

    private static IllegalArgumentException invalid(String url) {
        return new IllegalArgumentException("commands.console.notify-url must be a ws:// or wss:// URL such as "
                + "wss://switchboard.example/notifications/ws, not '" + url + "'");
    }
}
