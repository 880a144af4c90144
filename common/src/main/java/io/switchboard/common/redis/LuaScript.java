package io.switchboard.common.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A Lua script read once from the classpath ({@code lua/*.lua}, in each service's resources and in common's),
 * A script may start with a library file (shared functions), which is then
 * prepended to its text. The stores send the text with {@code EVAL}: a restarted Redis has an empty script
 * cache, and EVAL needs none. Held in a {@code static final} field of its store, so a missing file fails as
 * soon as the store is loaded.
 */
public final class LuaScript {
    private final String name;
    private final String text;

    private LuaScript(String name, String text) {
        this.name = name;
        this.text = text;
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
