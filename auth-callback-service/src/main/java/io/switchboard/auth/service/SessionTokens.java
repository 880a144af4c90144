package io.switchboard.auth.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.config.QrConfig;
import io.switchboard.auth.domain.Overloaded;
import io.switchboard.auth.domain.SessionTokenUnavailable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Signs session tokens (RS256, key {@code smallrye.jwt.sign.key.location}) that the other services
 * accept: issuer {@code qr.session.issuer}, {@code sub} = the user's id, {@code groups} = {@code qr.session.groups}.
 */
@ApplicationScoped
class SessionTokens {
    private final QrConfig config;
    private final CpuWork cpu;

    SessionTokens(QrConfig config, CpuWork cpu) {
        this.config = config;
        this.cpu = cpu;
    }

    /** A signed token and when it expires. */
    public record SessionToken(String value, Instant expiresAt) {
    }

    /**
     * Signs on the {@link CpuWork} pool and hands the result back on the caller's Vert.x context (the HTTP
     * request's, whose request context the REST layer needs when it resumes); fails with
     * {@link SessionTokenUnavailable} when no key is configured, with {@link Overloaded} when the pool's queue is full.
     */
    public Uni<SessionToken> mint(JsonNode user, String loginId) {
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        Uni<SessionToken> signed = cpu.run(() -> sign(user, loginId));
        if (caller != null) {
            signed = signed.emitOn(task -> caller.runOnContext(v -> task.run()));
        }
        return signed.onFailure(t -> !(t instanceof Overloaded)).transform(t -> {
                    Log.errorf("[login %s] cannot sign a session token (check smallrye.jwt.sign.key.location): %s",
                            loginId, t.getMessage());
                    return new SessionTokenUnavailable(t);
                });
    }

    private SessionToken sign(JsonNode user, String loginId) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(config.session().lifespan());
        var claims = Jwt.issuer(config.session().issuer())
                .subject(user.path("id").asText())
                .groups(new LinkedHashSet<>(config.session().groups()))
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim("jti", UUID.randomUUID().toString())
                .claim("amr", List.of("qr"));
        if (user.path("name").isTextual()) {
            claims.claim("name", user.path("name").asText());
        }
        return new SessionToken(claims.jws().algorithm(SignatureAlgorithm.RS256).sign(), expiresAt);
    }
}
