package io.switchboard.notify.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.switchboard.notify.config.NotifyConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /start}: the local run's start page, one link per page, each already signed in (the token is in
 * the link's {@code #token=}, never in the URL printed). It exists only when {@code notify.start-page.links-file}
 * is set, which only {@code scripts/run-local.sh} does; otherwise, as in production, {@code /start} is 404.
 */
@Path("/start")
public class StartPageResource {
    private final Optional<java.nio.file.Path> linksFile;
    private final ObjectMapper json;

    StartPageResource(NotifyConfig config, ObjectMapper json) {
        this.linksFile = config.startPage().linksFile();
        this.json = json;
    }

    /** One entry of the links file. */
    public record Link(String title, String url, String note) { }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page() {
        if (linksFile.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        List<Link> links;
        try {
            links = List.of(json.readValue(Files.readString(linksFile.get()), Link[].class));
        } catch (IOException e) {
            Log.warnf("start page: cannot read %s: %s", linksFile.get(), e.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
        }
        return Response.ok(StartPageHtml.render(links))
                .header("Cache-Control", "no-store") // the links carry tokens
                .header("Referrer-Policy", "no-referrer").build();
    }
}
