package io.switchboard.common.auth;

import io.micrometer.core.instrument.Counter;
import io.quarkus.arc.Unremovable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens (header or the gateway's {@code ?access_token=}) are verified by smallrye-jwt's own validator
 * once, then served from {@link VerifiedTokens} until they end. Runs ahead of that validator (a higher
 * {@link #priority()}) and hands it every token not in the cache: a refused token fails exactly as it would
 * without the cache and is never stored. A hit builds the identity as the validator does (the token as
 * principal and {@code quarkus.user}, its groups as roles, the request's credential and routing context),
 * so nothing of one request is kept for the next.
 * <p>
 * Meters: {@code switchboard.auth.token.cache{outcome=hit|miss}} and the gauge
 * {@code switchboard.auth.token.cache.size}. Settings: {@link TokenCacheConfig}.
 */
@ApplicationScoped
@Unremovable // looked up by Quarkus security among all IdentityProviders, injected nowhere
public class CachingJwtValidator implements IdentityProvider<TokenAuthenticationRequest> {
    private final MpJwtValidator verifier;
    private final VerifiedTokens tokens;
    private final Counter hits;
    private final Counter misses;

    CachingJwtValidator(MpJwtValidator verifier, TokenCacheConfig config, MeterRegistry registry,
                        @ConfigProperty(name = "mp.jwt.verify.token.age") Optional<Long> tokenAgeSeconds) {
        this.verifier = verifier;
        this.tokens = new VerifiedTokens(config.maxEntries(), config.maxAge().toMillis(),
                tokenAgeSeconds.map(s -> s * 1000L).orElse(null), System::currentTimeMillis);
        this.hits = counter(registry, "hit");
        this.misses = counter(registry, "miss");
        Gauge.builder("switchboard.auth.token.cache.size", tokens, VerifiedTokens::size)
                .description("verified bearer tokens held").register(registry);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("switchboard.auth.token.cache")
                .description("bearer tokens served from the cache of verified tokens (hit) or verified (miss)")
                .tag("outcome", outcome).register(registry);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Ahead of smallrye-jwt's validator, which has the default priority ({@code 1001}, above Quarkus' own
     * providers): the highest runs first, so that validator only ever runs through this one.
     */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String raw = request.getToken().getToken();
        Optional<JsonWebToken> cached = tokens.find(raw);
        if (cached.isPresent()) {
            hits.increment();
            return Uni.createFrom().item(identity(cached.get(), request));
        }
        if (tokens.enabled()) {
            misses.increment();
        }
        return verifier.authenticate(request, context).invoke(identity -> {
            if (identity != null && identity.getPrincipal() instanceof JsonWebToken jwt) {
                tokens.put(raw, jwt);
            }
        });
    }

    /** What {@code MpJwtValidator} builds for a token it accepted, with this request's credential and context. */
    private static SecurityIdentity identity(JsonWebToken jwt, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addCredential(request.getToken())
                .addRoles(jwt.getGroups())
                .addAttribute("quarkus.user", jwt);
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (rc != null) {
            b.addAttribute(RoutingContext.class.getName(), rc);
        }
        return b.build();
    }
}
