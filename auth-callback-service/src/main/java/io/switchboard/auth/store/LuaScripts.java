package io.switchboard.auth.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The store's Lua scripts, read from {@code lua/*.lua} on the classpath (so a second process can run the same).
 * The scripts that change a login's state start with {@code lua/lib/record.lua}, which appends the change's
 * business-log record to the outbox in the same script.
 */
public enum LuaScripts {
    CREATE("create", true), EVENT("event", true), EXPIRE("expire", true), CONSUME("consume", true),
    RATE("rate", false), OUTBOX_CLAIM("outbox-claim", false), OUTBOX_ACK("outbox-ack", false),
    OUTBOX_RELEASE("outbox-release", false);

    private final String text;

    LuaScripts(String name, boolean records) {
        this.text = (records ? load("lua/lib/record.lua") + "\n" : "") + load("lua/" + name + ".lua");
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
