package io.switchboard.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server under test, started as its own OS process (a service jar, a baseline main class or the
 * Socket.IO server), so that its memory, threads and CPU can be read from {@code /proc} without the load
 * generator's own. Output goes to {@code <logs>/<name>.log}.
 */
public final class Service implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Service.class.getName());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final URI base;

    private Service(String name, Process process, URI base) {
        this.name = name;
        this.process = process;
        this.base = base;
    }

    /**
     * Starts {@code command} with {@code env} added to this process' environment and waits until
     * {@code base + readyPath} answers 200.
     */
    public static Service start(String name, List<String> command, Map<String, String> env, URI base, String readyPath,
                                Path logs) {
        return start(name, command, null, env, base, readyPath, logs);
    }

    /** As {@link #start(String, List, Map, URI, String, Path)}, in working directory {@code dir} (null: this one's). */
    public static Service start(String name, List<String> command, Path dir, Map<String, String> env, URI base,
                                String readyPath, Path logs) {
        try {
            Files.createDirectories(logs);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + ".log").toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            Service s = new Service(name, p, base);
            s.awaitReady(readyPath, Duration.ofSeconds(90));
            LOG.log(System.Logger.Level.INFO, "{0} ready (pid {1})", name, p.pid());
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JVM command line: {@code java <jvmArgs> -jar <jar>} or {@code java <jvmArgs> -cp <cp> <main> <args>}. */
    public static List<String> java(List<String> jvmArgs, String jarOrClasspath, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        if (mainClass == null) {
            cmd.add("-jar");
            cmd.add(jarOrClasspath);
        } else {
            cmd.add("-cp");
            cmd.add(jarOrClasspath);
            cmd.add(mainClass);
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void awaitReady(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; see its log");
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Pause.millis(200);
        }
        close();
        throw new IllegalStateException(name + " was not ready within " + timeout);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public URI base() {
        return base;
    }

    /** The WebSocket address of {@code pathAndQuery} on this server, e.g. {@code ws://127.0.0.1:38081/devices/ws}. */
    public URI ws(String pathAndQuery) {
        return URI.create("ws://" + base.getRawAuthority() + pathAndQuery);
    }

    public ProcStats stats() {
        return new ProcStats(process.pid());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
