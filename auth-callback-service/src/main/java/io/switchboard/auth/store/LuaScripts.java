package io.switchboard.auth.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.redis.LuaScript;
import io.vertx.mutiny.redis.client.Response;

/**
 * The store's Lua scripts, {@code lua/*.lua} on the classpath (so a second process can run the same; the rate
 * counter is common's {@code lua/fixed-window.lua}, shared with the gateway), read by
 * common's {@link LuaScript}. The scripts that change a login's state start with {@code lua/lib/record.lua},
 * which appends the change's business-log record to the outbox in the same script.
 */
public enum LuaScripts {
    CREATE("create", true), EVENT("event", true), EXPIRE("expire", true), CONSUME("consume", true),
    RATE("fixed-window", false), OUTBOX_CLAIM("outbox-claim", false), OUTBOX_ACK("outbox-ack", false),
    OUTBOX_RELEASE("outbox-release", false);

    private static final String RECORD = "lua/lib/record.lua";

    private final LuaScript script;

    LuaScripts(String name, boolean records) {
        String resource = "lua/" + name + ".lua";
        this.script = records ? LuaScript.withLibrary(RECORD, resource) : LuaScript.load(resource);
    }

    /** The full text, as sent with EVAL. */
    public String text() {
        return script.text();
    }

    /** Runs it by its SHA-1, with the text when Redis does not hold it ({@link LuaScript#run}). */
    public Uni<Response> run(ReactiveRedisDataSource redis, String... numKeysKeysAndArgs) {
        return script.run(redis, numKeysKeysAndArgs);
    }
}
