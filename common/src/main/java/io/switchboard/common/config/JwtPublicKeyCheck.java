package io.switchboard.common.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Every service verifies bearer tokens: {@code mp.jwt.verify.publickey} (inline) or
 * {@code mp.jwt.verify.publickey.location} must give a readable public key (PEM, certificate, JWK or JWKS).
 * A remote location (http/https, a JWKS endpoint) is only required to be set: it is not fetched at startup.
 */
@ApplicationScoped
public class JwtPublicKeyCheck implements ConfigCheck {
    public static final String INLINE = "mp.jwt.verify.publickey";
    public static final String LOCATION = "mp.jwt.verify.publickey.location";

    @Override
    public List<ConfigProblem> check(Config config) {
        Optional<String> inline = Keys.value(config, INLINE);
        Optional<String> location = Keys.value(config, LOCATION);
        if (inline.isPresent()) {
            return Keys.publicKey(inline.get()).isPresent() ? List.of()
                    : List.of(new ConfigProblem(INLINE, "not a public key (PEM, certificate, JWK or JWKS)"));
        }
        if (location.isEmpty()) {
            return List.of(new ConfigProblem(LOCATION, "not set (a PEM public key that verifies tokens)"));
        }
        if (Keys.remote(location.get())) {
            return List.of();
        }
        Optional<String> content = Keys.read(location.get());
        if (content.isEmpty()) {
            return List.of(new ConfigProblem(LOCATION, "cannot read " + location.get()));
        }
        return Keys.publicKey(content.get()).isPresent() ? List.of()
                : List.of(new ConfigProblem(LOCATION, location.get() + " is not a public key (PEM, certificate, JWK or JWKS)"));
    }
}
