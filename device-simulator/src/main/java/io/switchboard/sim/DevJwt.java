package io.switchboard.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mints RS256 JWTs with the claims the services expect ({@code iss}, {@code sub}, {@code exp},
 * {@code groups}, plus any extra such as {@code shop} or {@code boards}). For local runs and tests
 * only: production tokens come from the operator's identity provider.
 */
public final class DevJwt {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;
    private final String issuer;

    public DevJwt(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /** Reads a PKCS#8 PEM private key from a file. */
    public static DevJwt fromPemFile(Path pem, String issuer) throws IOException, GeneralSecurityException {
        return new DevJwt(readPrivateKey(Files.readString(pem)), issuer);
    }

    /** Reads a PKCS#8 PEM private key from the classpath. */
    public static DevJwt fromClasspath(String resource, String issuer) throws IOException, GeneralSecurityException {
        try (InputStream in = DevJwt.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no classpath resource " + resource);
            }
            return new DevJwt(readPrivateKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII)), issuer);
        }
    }

    static PrivateKey readPrivateKey(String pem) throws GeneralSecurityException {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    /** A token for {@code subject} with the given roles, valid for {@code ttl}, with extra claims. */
    public String mint(String subject, Collection<String> groups, Duration ttl, Map<String, Object> extra) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("groups", groups);
        claims.putAll(extra);
        try {
            String header = B64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String payload = B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + B64.encodeToString(rsa.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a dev token", e);
        }
    }
}
