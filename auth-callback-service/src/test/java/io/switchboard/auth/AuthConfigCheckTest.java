package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.switchboard.auth.config.AuthConfigCheck;
import io.switchboard.common.config.ConfigProblem;
import io.switchboard.common.config.JwtPublicKeyCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The startup checks alone (no Quarkus): what makes the service refuse to start, and what it accepts. */
class AuthConfigCheckTest {
    private static final String PUBLIC = "switchboard-test/publicKey.pem";
    private static final String PRIVATE = "switchboard-test/privateKey.pem";

    @Test
    void shouldAcceptTheTestKeysSecretsAndUrl() {
        assertThat(problems(complete())).isEqualTo(List.of());
    }

    @Test
    void shouldNameEveryMissingKey() {
        Map<String, String> c = complete();
        c.remove("smallrye.jwt.sign.key.location");
        c.remove("qr.webhook.secrets");
        c.remove("qr.third-party.url");
        c.remove("mp.jwt.verify.publickey.location");
        assertThat(keys(problems(c)))
                .isEqualTo(List.of("smallrye.jwt.sign.key.location", "qr.webhook.secrets", "qr.third-party.url",
                "mp.jwt.verify.publickey.location"));
    }

    @Test
    void shouldRefuseMalformedOrShortWebhookSecretsWithoutPrintingThem() {
        for (String bad : List.of("QaA/mxxuxy/AuD4J1n9U+gClGXGAUkET", "whsec_not*base64", "whsec_c2hvcnQ=")) {
            Map<String, String> c = complete();
            c.put("qr.webhook.secrets", "whsec_QaA/mxxuxy/AuD4J1n9U+gClGXGAUkET," + bad);
            List<ConfigProblem> p = problems(c);
            assertThat(keys(p)).as(bad).isEqualTo(List.of("qr.webhook.secrets"));
            assertThat(p.get(0).reason().startsWith("entry 2 of 2")).as(p.get(0).reason()).isTrue();
            assertThat(p.get(0).toString().contains(bad)).as("a secret is never printed").isFalse();
        }
    }

    @Test
    void shouldRefuseASigningKeyThatIsNotThePairOfThePublicKey(@TempDir Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        Path other = dir.resolve("other.pem");
        Files.writeString(other, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Map<String, String> c = complete();
        c.put("smallrye.jwt.sign.key.location", other.toString());
        List<ConfigProblem> p = problems(c);
        assertThat(keys(p)).isEqualTo(List.of("smallrye.jwt.sign.key.location"));
        assertThat(p.get(0).reason().contains("does not pair")).as(p.get(0).reason()).isTrue();
    }

    @Test
    void shouldRefuseUnreadableOrNonKeyFilesAndARelativeUrl(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a key");
        Map<String, String> c = complete();
        c.put("smallrye.jwt.sign.key.location", dir.resolve("missing.pem").toString());
        c.put("mp.jwt.verify.publickey.location", text.toString());
        c.put("qr.third-party.url", "/sim/third-party");
        List<ConfigProblem> p = problems(c);
        assertThat(keys(p)).isEqualTo(List.of("smallrye.jwt.sign.key.location", "qr.third-party.url", "mp.jwt.verify.publickey.location"));
        assertThat(p.get(0).envName()).isEqualTo("SMALLRYE_JWT_SIGN_KEY_LOCATION");
    }

    private static Map<String, String> complete() {
        Map<String, String> c = new HashMap<>();
        c.put("mp.jwt.verify.publickey.location", PUBLIC);
        c.put("smallrye.jwt.sign.key.location", PRIVATE);
        c.put("qr.webhook.secrets", "whsec_QaA/mxxuxy/AuD4J1n9U+gClGXGAUkET,whsec_BAiuayrPRWnrpY9MIQaQTgcy0YsxXRCm");
        c.put("qr.third-party.url", "https://third-party.example/api");
        return c;
    }

    private static List<ConfigProblem> problems(Map<String, String> values) {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 500)).build();
        List<ConfigProblem> all = new java.util.ArrayList<>(new AuthConfigCheck().check(config));
        all.addAll(new JwtPublicKeyCheck().check(config));
        return all;
    }

    private static List<String> keys(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::key).toList();
    }
}
