package io.switchboard.device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The answers a device gave, by command id, so that a redelivered command is answered from memory and never
 * carried out twice. An answer is remembered before it is sent. Bounded: the oldest answers are forgotten first
 * (a redelivery comes within seconds to minutes, never after thousands of newer commands).
 */
public interface AnsweredCommands {
    /** The answer frame given to {@code commandId}, if remembered. */
    Optional<String> answer(String commandId);

    /** Remembers the answer frame given to {@code commandId}. */
    void remember(String commandId, String answerFrame) throws IOException;

    /** In memory only: lost when the process ends. */
    static AnsweredCommands inMemory(int maxEntries) {
        return new MemoryAnsweredCommands(maxEntries);
    }

    /**
     * In memory and in an append-only file, read back at start, so that a machine restarted between acting and a
     * redelivery does not act twice. Each answer is written (and forced to disk) before it is sent.
     */
    static AnsweredCommands file(Path file, int maxEntries) throws IOException {
        return FileAnsweredCommands.open(file, maxEntries, true);
    }
}
