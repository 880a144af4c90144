package io.switchboard.auth.config;

import io.switchboard.common.config.ConfigCheck;
import io.switchboard.common.config.ConfigProblem;
import io.switchboard.common.config.JwtPublicKeyCheck;
import io.switchboard.common.config.Keys;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * What the QR login cannot work without, checked at startup (see {@code RequiredConfig}): the session-token
 * signing key ({@code smallrye.jwt.sign.key.location}, or {@code smallrye.jwt.sign.key} inline), readable, a
 * private key, and the pair of the public key the services verify with; {@code qr.webhook.secrets}, every entry
 * {@code whsec_<base64>} of at least 16 bytes; {@code qr.third-party.url}, an absolute http(s) URL. None has a
 * default in the prod profile.
 */
@ApplicationScoped
public class AuthConfigCheck implements ConfigCheck {
    static final String SIGN_KEY_LOCATION = "smallrye.jwt.sign.key.location";
    static final String SIGN_KEY = "smallrye.jwt.sign.key";
    static final String WEBHOOK_SECRETS = "qr.webhook.secrets";
    static final String THIRD_PARTY_URL = "qr.third-party.url";
    private static final int MIN_SECRET_BYTES = 16;

    @Override
    public List<ConfigProblem> check(Config config) {
        List<ConfigProblem> problems = new ArrayList<>();
        signingKey(config).ifPresent(problems::add);
        webhookSecrets(config).ifPresent(problems::add);
        thirdPartyUrl(config).ifPresent(problems::add);
        return problems;
    }

    private static Optional<ConfigProblem> signingKey(Config config) {
        Optional<String> inline = Keys.value(config, SIGN_KEY);
        Optional<String> location = Keys.value(config, SIGN_KEY_LOCATION);
        String key = inline.isPresent() ? SIGN_KEY : SIGN_KEY_LOCATION;
        if (inline.isEmpty() && location.isEmpty()) {
            return problem(SIGN_KEY_LOCATION, "not set (the PEM private key that signs session tokens)");
        }
        Optional<String> content = inline.isPresent() ? inline : Keys.read(location.get());
        if (content.isEmpty()) {
            return problem(key, "cannot read " + location.orElse(""));
        }
        Optional<PrivateKey> signing = Keys.privateKey(content.get());
        if (signing.isEmpty()) {
            return problem(key, "not a private key (PEM PKCS#8 or JWK)");
        }
        Optional<PublicKey> verifying = verifyingKey(config);
        if (verifying.isPresent() && signing.get() instanceof RSAPrivateCrtKey priv
                && verifying.get() instanceof RSAPublicKey pub && !priv.getModulus().equals(pub.getModulus())) {
            return problem(key, "does not pair with " + JwtPublicKeyCheck.LOCATION
                    + ": the session tokens it signs would be refused everywhere");
        }
        return Optional.empty();
    }

    private static Optional<PublicKey> verifyingKey(Config config) {
        return Keys.value(config, JwtPublicKeyCheck.INLINE)
                .or(() -> Keys.value(config, JwtPublicKeyCheck.LOCATION).filter(l -> !Keys.remote(l)).flatMap(Keys::read))
                .flatMap(Keys::publicKey);
    }

    private static Optional<ConfigProblem> webhookSecrets(Config config) {
        List<String> secrets = config.getOptionalValues(WEBHOOK_SECRETS, String.class).orElse(List.of()).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (secrets.isEmpty()) {
            return problem(WEBHOOK_SECRETS, "not set (comma-separated whsec_<base64> secrets of the third party)");
        }
        for (int i = 0; i < secrets.size(); i++) {
            String s = secrets.get(i);
            byte[] key;
            try {
                key = s.startsWith("whsec_") ? Base64.getDecoder().decode(s.substring("whsec_".length())) : null;
            } catch (IllegalArgumentException e) {
                key = null;
            }
            if (key == null || key.length < MIN_SECRET_BYTES) {
                // never log the secret itself
                return problem(WEBHOOK_SECRETS, "entry " + (i + 1) + " of " + secrets.size()
                        + " is not whsec_<base64> of at least " + MIN_SECRET_BYTES + " bytes");
            }
        }
        return Optional.empty();
    }

    private static Optional<ConfigProblem> thirdPartyUrl(Config config) {
        Optional<String> url = Keys.value(config, THIRD_PARTY_URL);
        if (url.isEmpty()) {
            return problem(THIRD_PARTY_URL, "not set (base URL of the third party's credential API)");
        }
        try {
            URI u = URI.create(url.get());
            if (u.isAbsolute() && ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        return problem(THIRD_PARTY_URL, "not an absolute http(s) URL: " + url.get());
    }

    private static Optional<ConfigProblem> problem(String key, String reason) {
        return Optional.of(new ConfigProblem(key, reason));
    }
}
