package io.switchboard.system.support;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service started from its packaged jar ({@code <module>/target/quarkus-app/quarkus-run.jar}) in the
 * prod profile, configured by environment variables only, as an operator would run it.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final String name;
    final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    public static ServiceProcess start(Path root, String module, String name, Map<String, String> extraEnv) throws IOException {
        return start(root, module, name, freePort(), extraEnv);
    }

    /** The same on a port chosen by the caller (with {@link #freePort()}), when a peer must know it first. */
    public static ServiceProcess start(Path root, String module, String name, int port, Map<String, String> extraEnv)
            throws IOException {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run `./mvnw package` (the test command does)");
        }
        Path logs = root.resolve("system-tests/target/service-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "KAFKA_BOOTSTRAP_SERVERS", Infra.KAFKA,
                "QUARKUS_REDIS_HOSTS", Infra.REDIS,
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                root.resolve("test-support/src/main/resources/switchboard-test/publicKey.pem").toString(),
                "MP_JWT_VERIFY_ISSUER", "https://switchboard.local/issuer"));
        env.putAll(extraEnv);
        return new ServiceProcess(name, port, pb.start(), log);
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    public ServiceProcess awaitReady(Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200); // polling a process we started, not the system under test's state
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public String ws(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    /** The process's console output so far (stdout and stderr, one file). */
    public String log() throws IOException {
        return Files.readString(log);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGSTOP / SIGCONT: freezes the process as a long GC pause or a stalled node would. */
    public void signal(String sig) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: graceful shutdown
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    public static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
