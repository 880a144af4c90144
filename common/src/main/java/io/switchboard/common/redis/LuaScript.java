package io.switchboard.common.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script read once from the classpath ({@code lua/*.lua}, in each service's resources and in common's),
 * A script may start with a library file (shared functions), which is then
 * prepended to its text. {@link #run} sends it by its SHA-1 ({@code EVALSHA}), so its text crosses the wire
 * and is hashed by Redis once per Redis start rather than on every call; a Redis that answers {@code NOSCRIPT}
 * (restarted, failed over, {@code SCRIPT FLUSH}) gets the text with {@code EVAL}, which also caches it again.
 * Held in a {@code static final} field of its store, so a missing file fails as soon as the store is loaded.
 */
public final class LuaScript {
    private final String name;
    private final String text;
    private final String sha;

    private LuaScript(String name, String text) {
        this.name = name;
        this.text = text;
        this.sha = sha1(text);
    }

    /** The script in the classpath resource {@code resource} (e.g. {@code lua/append.lua}). */
    public static LuaScript load(String resource) {
        return new LuaScript(resource, read(resource));
    }

    /** The script in {@code resource}, preceded by the library {@code library} (a newline between them). */
    public static LuaScript withLibrary(String library, String resource) {
        return new LuaScript(resource, read(library) + "\n" + read(resource));
    }

    /** The resource it was read from. */
    public String name() {
        return name;
    }

    /** The full text, as sent with EVAL. */
    public String text() {
        return text;
    }

    /** The SHA-1 of the text, hex, as Redis names a cached script. */
    public String sha() {
        return sha;
    }

    /**
     * Runs the script with {@code numKeysKeysAndArgs} (the key count, the keys, then the arguments, as after
     * the script in EVAL): EVALSHA, and EVAL with the text when Redis does not have it cached.
     */
    public Uni<Response> run(ReactiveRedisDataSource redis, String... numKeysKeysAndArgs) {
        return redis.execute("EVALSHA", prepend(sha, numKeysKeysAndArgs))
                .onFailure(LuaScript::noScript).recoverWithUni(() -> redis.execute("EVAL", prepend(text, numKeysKeysAndArgs)));
    }

    /** True for Redis' answer to EVALSHA of a script it does not hold. */
    static boolean noScript(Throwable t) {
        String m = t.getMessage();
        return m != null && m.startsWith("NOSCRIPT");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static String read(String resource) {
        InputStream in = open(Thread.currentThread().getContextClassLoader(), resource);
        if (in == null) {
            in = open(LuaScript.class.getClassLoader(), resource);
        }
        if (in == null) {
            throw new IllegalStateException("Lua script " + resource + " is not on the classpath");
        }
        try (InputStream script = in) {
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Lua script " + resource + " cannot be read", e);
        }
    }

    private static InputStream open(ClassLoader loader, String resource) {
        return loader == null ? null : loader.getResourceAsStream(resource);
    }
}
