package io.switchboard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The ports of every profile, read from the one file the scripts source too: {@code infra/profiles.env} in
 * the checkout ({@link Infra#projectRoot()}; read through {@link ProjectRoot}, so the two classes initialize in any order), so tests, system tests and the benchmarks always agree with
 * {@code scripts/infra.sh}, from Maven or an IDE alike.
 */
public final class Ports {
    private static final Map<String, String> VALUES = read(ProjectRoot.find().resolve("infra/profiles.env"));

    /** The test profile: every module's tests and the system tests. */
    public static final Profile TEST = profile("TEST");
    /** The bench profile: {@code scripts/bench.sh}. */
    public static final Profile BENCH = profile("BENCH");
    /** The fault profile: the fault tests and {@code scripts/chaos.sh}. */
    public static final Profile FAULT = profile("FAULT");

    private Ports() {
    }

    /** One profile's Kafka broker and Redis server on 127.0.0.1. */
    public record Profile(int kafkaPort, int redisPort) {
        /** {@code kafka.bootstrap.servers}. */
        public String kafka() {
            return "127.0.0.1:" + kafkaPort;
        }

        /** {@code quarkus.redis.hosts}. */
        public String redis() {
            return "redis://127.0.0.1:" + redisPort;
        }
    }

    /** A port of {@code infra/profiles.env} by its key, e.g. {@code BENCH_GATEWAY_PORT}. */
    public static int port(String key) {
        String v = VALUES.get(key);
        if (v == null) {
            throw new IllegalArgumentException(key + " is not in infra/profiles.env");
        }
        return Integer.parseInt(v);
    }

    private static Profile profile(String name) {
        return new Profile(port(name + "_KAFKA_PORT"), port(name + "_REDIS_PORT"));
    }

    static Map<String, String> read(Path file) {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String l = line.trim();
                int eq = l.indexOf('=');
                if (!l.isEmpty() && !l.startsWith("#") && eq > 0) {
                    values.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return values;
    }
}
