package io.switchboard.auth.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The store's Lua scripts, read from {@code lua/*.lua} on the classpath (so a second process can run the same). */
public enum LuaScripts {
    CREATE("create"), EVENT("event"), EXPIRE("expire"), CONSUME("consume"), RATE("rate");

    private final String text;

    LuaScripts(String name) {
        this.text = load("lua/" + name + ".lua");
    }

    public String text() {
        return text;
    }

    private static String load(String resource) {
        try (InputStream in = LuaScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
