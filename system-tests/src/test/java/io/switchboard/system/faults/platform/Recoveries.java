package io.switchboard.system.faults.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Recovery times measured by the fault tests: logged, and appended as table rows to
 * {@code system-tests/target/faults/recovery-times.md} (the figures in docs/faults.md come from there).
 */
public final class Recoveries {
    private static final System.Logger LOG = System.getLogger(Recoveries.class.getName());
    private final Path file;

    Recoveries(Path dir) {
        this.file = dir.resolve("recovery-times.md");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                Files.writeString(file, "| when | fault | what recovered | ms |\n|---|---|---|---|\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records that {@code what} held again {@code millis} after {@code fault} ended. */
    public synchronized void record(String fault, String what, long millis) {
        LOG.log(System.Logger.Level.INFO, "[recovery] {0}: {1} after {2} ms", fault, what, millis);
        try {
            Files.writeString(file, "| " + Instant.now() + " | " + fault + " | " + what + " | " + millis + " |\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
