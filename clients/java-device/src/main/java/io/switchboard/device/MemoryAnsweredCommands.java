package io.switchboard.device;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The newest {@code maxEntries} answers in a map (insertion order: the oldest goes first). */
final class MemoryAnsweredCommands implements AnsweredCommands {
    private final Map<String, String> answers;

    MemoryAnsweredCommands(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
        }
        this.answers = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public synchronized Optional<String> answer(String commandId) {
        return Optional.ofNullable(answers.get(commandId));
    }

    @Override
    public synchronized void remember(String commandId, String answerFrame) {
        answers.put(commandId, answerFrame);
    }

    synchronized Map<String, String> snapshot() {
        return new LinkedHashMap<>(answers);
    }
}
