package io.switchboard.command.support;

import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.store.CommandStore;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Command records written straight to the store, as a command-service instance (this one or another) creates them. */
public final class Records {
    private Records() {
    }

    /** A command of device {@code dev-w} still in flight (accepted, 30 s to its deadline); {@code watcher} may be null. */
    public static String inFlight(CommandStore store, String watcher) {
        String id = "cmd_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        store.create(new CommandRecord(id, "dev-w", "dispense", null, "accepted", null, null, null, 30000, now,
                now.plusSeconds(30), now, null), watcher).await().atMost(Duration.ofSeconds(5));
        return id;
    }
}
