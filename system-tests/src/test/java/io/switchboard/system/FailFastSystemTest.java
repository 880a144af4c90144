package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testsupport.Infra;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fail fast on bad configuration: the packaged jars (prod profile, environment variables only, as an operator
 * runs them) refuse to start without what their flows need, exit non-zero, and say why in ONE error line that
 * names the key; with everything set they start. Owns its small launcher ({@link Launch}).
 */
class FailFastSystemTest {
    private static final Path ROOT = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
    private static final Path KEYS = ROOT.resolve("test-support/src/main/resources/switchboard-test");
    private static final String WEBHOOK_SECRET = "whsec_QaA/mxxuxy/AuD4J1n9U+gClGXGAUkET";

    @Test
    void commandServiceShouldRefuseToStartWithoutThePublicKey() throws Exception {
        Map<String, String> env = base();
        env.remove("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        assertRefused(Launch.start("command-service", "cmd-no-public-key", env), "mp.jwt.verify.publickey.location");
    }

    @Test
    void commandServiceShouldRefuseToStartWithAPublicKeyFileThatIsNoKey() throws Exception {
        Path notAKey = Files.createDirectories(ROOT.resolve("system-tests/target")).resolve("not-a-key.pem");
        Files.writeString(notAKey, "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n");
        Map<String, String> env = base();
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", notAKey.toString());
        assertRefused(Launch.start("command-service", "cmd-bad-public-key", env), "mp.jwt.verify.publickey.location");
    }

    @Test
    void authShouldRefuseToStartWithoutThePublicKey() throws Exception {
        Map<String, String> env = auth();
        env.remove("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        assertRefused(Launch.start("auth-callback-service", "auth-no-public-key", env), "mp.jwt.verify.publickey.location");
    }

    @Test
    void authShouldRefuseToStartWithoutItsSigningKey() throws Exception {
        Map<String, String> env = auth();
        env.remove("SMALLRYE_JWT_SIGN_KEY_LOCATION");
        assertRefused(Launch.start("auth-callback-service", "auth-no-signing-key", env), "smallrye.jwt.sign.key.location");
    }

    @Test
    void authShouldRefuseToStartWithAMalformedWebhookSecretAndNotLogIt() throws Exception {
        Map<String, String> env = auth();
        env.put("QR_WEBHOOK_SECRETS", WEBHOOK_SECRET + ",not-a-whsec-secret");
        Launch auth = Launch.start("auth-callback-service", "auth-bad-webhook-secret", env);
        assertRefused(auth, "qr.webhook.secrets");
        assertThat(auth.log()).doesNotContain("not-a-whsec-secret").doesNotContain(WEBHOOK_SECRET);
    }

    @Test
    void authShouldRefuseToStartWithoutTheThirdPartyUrl() throws Exception {
        Map<String, String> env = auth();
        env.remove("QR_THIRD_PARTY_URL");
        assertRefused(Launch.start("auth-callback-service", "auth-no-third-party", env), "qr.third-party.url");
    }

    @Test
    void authShouldStartWithEverythingSet() throws Exception {
        try (Launch auth = Launch.start("auth-callback-service", "auth-complete", auth())) {
            auth.awaitReady(Duration.ofSeconds(90));
            assertThat(auth.errorLines()).isEmpty();
        }
    }

    private static void assertRefused(Launch launch, String key) throws Exception {
        try (launch) {
            int status = launch.awaitExit(Duration.ofSeconds(90));
            assertThat(status).as("exit status, see " + launch.logFile).isNotZero();
            List<String> errors = launch.errorLines();
            assertThat(errors).as("ERROR lines of " + launch.logFile).hasSize(1);
            assertThat(errors.get(0)).contains("Refusing to start").contains(key)
                    .contains(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
        }
    }

    /** What every service needs (system-tests' infra), the public key included. */
    private static Map<String, String> base() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", Infra.KAFKA);
        env.put("QUARKUS_REDIS_HOSTS", Infra.REDIS);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", KEYS.resolve("publicKey.pem").toString());
        env.put("MP_JWT_VERIFY_ISSUER", "https://switchboard.local/issuer");
        return env;
    }

    private static Map<String, String> auth() {
        Map<String, String> env = base();
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", KEYS.resolve("privateKey.pem").toString());
        env.put("QR_WEBHOOK_SECRETS", WEBHOOK_SECRET);
        env.put("QR_THIRD_PARTY_URL", "http://127.0.0.1:9/third-party");
        env.put("QR_COOKIE_SECURE", "false");
        return env;
    }

    /** One packaged service as a process, with an environment of exactly what the test gives it (plus PATH/HOME). */
    private static final class Launch implements AutoCloseable {
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        private final Process process;
        private final Path logFile;
        private final int port;

        private Launch(Process process, Path logFile, int port) {
            this.process = process;
            this.logFile = logFile;
            this.port = port;
        }

        static Launch start(String module, String name, Map<String, String> env) throws IOException {
            Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: run `./mvnw package` (the test command does)");
            }
            Path logs = Files.createDirectories(ROOT.resolve("system-tests/target/service-logs"));
            Path log = logs.resolve("failfast-" + name + ".log");
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> inherited = Map.copyOf(pb.environment());
            pb.environment().clear();
            for (String keep : List.of("PATH", "HOME", "JAVA_HOME", "LANG")) {
                if (inherited.containsKey(keep)) {
                    pb.environment().put(keep, inherited.get(keep));
                }
            }
            pb.environment().putAll(env);
            pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            return new Launch(pb.start(), log, port);
        }

        int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + timeout + " (it should have refused to start); see " + logFile);
            }
            return process.exitValue();
        }

        void awaitReady(Duration timeout) throws Exception {
            Instant until = Instant.now().plus(timeout);
            while (Instant.now().isBefore(until)) {
                if (!process.isAlive()) {
                    throw new AssertionError("exited with " + process.exitValue() + "; see " + logFile);
                }
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200); // polling a process we started, not the state of the system under test
            }
            throw new AssertionError("not ready within " + timeout + "; see " + logFile);
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        List<String> errorLines() throws IOException {
            return log().lines().filter(l -> l.contains(" ERROR ")).toList();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }
}
