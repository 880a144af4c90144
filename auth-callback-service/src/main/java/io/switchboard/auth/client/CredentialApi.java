package io.switchboard.auth.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The third party's credential API (built by {@link ThirdPartyClient} with {@code qr.third-party.*}). */
@Path("/qr-credentials")
public interface CredentialApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Credential> issue(CredentialRequest request);
}
