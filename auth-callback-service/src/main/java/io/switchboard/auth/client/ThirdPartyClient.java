package io.switchboard.auth.client;

import com.fasterxml.jackson.core.JacksonException;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.ThirdPartyBadResponse;
import io.switchboard.auth.domain.ThirdPartyUnavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Calls the third party for a qrCodeKey, within {@code qr.third-party.timeout}. Unreachable, timed out or
 * 5xx: {@link ThirdPartyUnavailable}; any other unusable answer: {@link ThirdPartyBadResponse}.
 */
@ApplicationScoped
public class ThirdPartyClient {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._~-]{1,200}");
    private final Optional<CredentialApi> api;
    private final QrConfig config;

    ThirdPartyClient(QrConfig config) {
        this.config = config;
        this.api = config.thirdParty().url().map(url -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(config.thirdParty().timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.thirdParty().timeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(CredentialApi.class));
        if (api.isEmpty()) {
            Log.warn("qr.third-party.url is not set: QR logins answer 503 third_party_unavailable");
        }
    }

    public Uni<Credential> issue(String loginId) {
        if (api.isEmpty()) {
            return Uni.createFrom().failure(new ThirdPartyUnavailable("qr.third-party.url is not configured"));
        }
        return api.get().issue(new CredentialRequest(loginId))
                .ifNoItem().after(config.thirdParty().timeout().multipliedBy(2)).fail()
                .onFailure().transform(t -> classify(loginId, t))
                .map(c -> validate(loginId, c));
    }

    private static RuntimeException classify(String loginId, Throwable t) {
        if (t instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            Log.warnf("[login %s] third party answered %d", loginId, w.getResponse().getStatus());
            return new ThirdPartyBadResponse("The third party refused the credential request ("
                    + w.getResponse().getStatus() + ")");
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof JacksonException) {
                Log.warnf("[login %s] third party answered unreadable JSON", loginId);
                return new ThirdPartyBadResponse("The third party's answer is not the expected JSON");
            }
        }
        Log.warnf("[login %s] third party unavailable: %s", loginId, t.toString());
        return new ThirdPartyUnavailable("The third party's credential API did not answer in time or failed");
    }

    private static Credential validate(String loginId, Credential c) {
        if (c == null || c.qrCodeKey() == null || !KEY.matcher(c.qrCodeKey()).matches()
                || c.qrUrl() == null || !(c.qrUrl().startsWith("https://") || c.qrUrl().startsWith("http://"))) {
            Log.warnf("[login %s] unusable credential from the third party", loginId);
            throw new ThirdPartyBadResponse("The third party's credential lacks a valid qrCodeKey or qrUrl");
        }
        return c;
    }
}
