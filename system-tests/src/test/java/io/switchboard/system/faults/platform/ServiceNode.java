package io.switchboard.system.faults.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service replica started from its packaged jar (prod profile, configured by environment only) on
 * a fixed port, so that a replica killed with {@code kill -9} comes back at the same address, as a pod
 * behind a Service would. Small heap, C1 only: eight JVMs share two cores.
 */
public final class ServiceNode {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final String name;
    public final String module;
    public final int port;
    private final Path root;
    private final Map<String, String> env;
    private final List<String> jvmArgs;
    private final Path log;
    private final Path pidFile;
    private volatile Process process;
    private int starts;

    ServiceNode(Path root, String module, String name, int port, Map<String, String> env, List<String> jvmArgs,
                Path runDir) {
        this.root = root;
        this.jvmArgs = jvmArgs;
        this.module = module;
        this.name = name;
        this.port = port;
        this.env = env;
        this.log = runDir.resolve(name + ".log");
        this.pidFile = runDir.resolve(name + ".pid");
    }

    /** Starts the process (appending to its log); see {@link #awaitReady}. */
    public synchronized ServiceNode start() throws IOException {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run `./mvnw package -DskipTests` first");
        }
        Files.writeString(log, "=== start " + java.time.Instant.now() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>(List.of("java", "-Xmx192m", "-Xss512k", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        starts++;
        // "{start}" in a value becomes this start's number: a gateway's instance id (its own consumer
        // group) is new at every start, as with the default gw-${quarkus.uuid}
        env.forEach((k, v) -> pb.environment().put(k, v.replace("{start}", Integer.toString(starts))));
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        process = pb.start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        return this;
    }

    /**
     * Ends the replica an earlier run of these tests started under this name and left running (its JVM
     * died before its shutdown hook ran): found by the pid file it wrote, checked to be this module's jar.
     */
    void killLeftover() throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        String jar = module + "/target/quarkus-app/quarkus-run.jar";
        ProcessHandle.of(pid).filter(h -> h.info().commandLine().map(c -> c.contains(jar)).orElse(false))
                .ifPresent(h -> {
                    h.destroyForcibly();
                    h.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                });
        Files.delete(pidFile);
    }

    /** Waits until {@code /q/health/ready} answers 200; fails at once if the process exited. */
    public ServiceNode awaitReady(Duration timeout) {
        Waits.until(name + " ready", timeout, () -> {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(name + " is not running (exit " + (p == null ? "-" : p.exitValue())
                        + "); see " + log);
            }
            return readiness().status() == 200;
        });
        return this;
    }

    /** {@code GET /q/health/ready}: status 200/503 with the checks, or status 0 when nothing answers. */
    public Health readiness() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return new Health(r.statusCode(), Json.read(r.body()));
        } catch (IOException e) {
            return new Health(0, Json.MAPPER.nullNode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health(0, Json.MAPPER.nullNode());
        }
    }

    /** SIGKILL, as a crashed node or an OOM kill; returns once the process is gone. */
    public void kill9() throws InterruptedException {
        Process p = process;
        if (p != null && p.isAlive()) {
            signal("KILL");
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGSTOP: the process keeps its sockets but does nothing (a long GC pause, a stalled VM). */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() {
        signal("CONT");
    }

    /** SIGTERM (graceful shutdown), SIGKILL after 20 s. */
    public void stop() throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        signal("CONT"); // a frozen process cannot handle SIGTERM
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public String ws(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    public Path log() {
        return log;
    }

    /** The lines of this replica's log that contain {@code text}, for failure messages and reports. */
    public List<String> logLines(String text) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void signal(String sig) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + sig + " " + p.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A readiness answer: HTTP status and the SmallRye Health body. */
    public record Health(int status, JsonNode body) {
        public boolean up() {
            return status == 200;
        }

        /** The names of the checks reported DOWN, with their data: the reason readiness gives. */
        public String downChecks() {
            StringBuilder out = new StringBuilder();
            for (JsonNode check : body.path("checks")) {
                if (!"UP".equals(check.path("status").asText())) {
                    out.append(check.path("name").asText()).append(' ').append(check.path("data")).append("; ");
                }
            }
            return out.toString();
        }
    }
}
