package io.switchboard.bench.floor;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The token check of the connect floor: what the Socket.IO peer's {@code verify} does, with the JDK alone. The
 * header's {@code alg} is RS256, the signature verifies against the public key ({@code SHA256withRSA}), the
 * claims name our issuer, a future {@code exp} and a {@code sub}. Answers the {@code sub}, or null.
 */
final class FloorTokens {
    private final PublicKey key;
    private final String issuer;

    private FloorTokens(PublicKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    static FloorTokens fromPem(Path pem, String issuer) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        return new FloorTokens(key, issuer);
    }

    String subject(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String token = authorization.substring(7).trim();
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            Base64.Decoder url = Base64.getUrlDecoder();
            JsonObject header = new JsonObject(new String(url.decode(token.substring(0, first)), StandardCharsets.UTF_8));
            if (!"RS256".equals(header.getString("alg"))) {
                return null;
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(token.substring(0, second).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(url.decode(token.substring(second + 1)))) {
                return null;
            }
            JsonObject claims = new JsonObject(new String(url.decode(token.substring(first + 1, second)), StandardCharsets.UTF_8));
            Object exp = claims.getValue("exp");
            if (!issuer.equals(claims.getString("iss")) || !(exp instanceof Number n)
                    || n.longValue() * 1000 <= System.currentTimeMillis()) {
                return null;
            }
            return claims.getValue("sub") instanceof String sub ? sub : null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }
}
