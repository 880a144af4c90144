package io.switchboard.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers in memory plus one JSON line per answer ({@code {"id":..,"answer":..}}) appended to a file. At open the
 * file is read back (a torn last line, left by a crash mid-write, is skipped); once it holds twice
 * {@code maxEntries} lines it is rewritten with the remembered ones (a temporary file moved over it atomically).
 */
final class FileAnsweredCommands implements AnsweredCommands {
    private static final System.Logger LOG = System.getLogger(FileAnsweredCommands.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final int maxEntries;
    private final boolean sync;
    private final MemoryAnsweredCommands memory;
    private FileChannel out;
    private int lines;

    private FileAnsweredCommands(Path file, int maxEntries, boolean sync) {
        this.file = file;
        this.maxEntries = maxEntries;
        this.sync = sync;
        this.memory = new MemoryAnsweredCommands(maxEntries);
    }

    static FileAnsweredCommands open(Path file, int maxEntries, boolean sync) throws IOException {
        FileAnsweredCommands store = new FileAnsweredCommands(file, maxEntries, sync);
        store.load();
        return store;
    }

    private void load() throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (Files.exists(file)) {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : all) {
                readLine(line);
            }
            lines = all.size();
        }
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void readLine(String line) {
        try {
            JsonNode entry = JSON.readTree(line);
            if (entry != null && entry.path("id").isTextual() && entry.path("answer").isTextual()) {
                memory.remember(entry.get("id").asText(), entry.get("answer").asText());
            }
        } catch (IOException torn) {
            LOG.log(Level.WARNING, "answered-commands file " + file + ": an unreadable line skipped");
        }
    }

    @Override
    public Optional<String> answer(String commandId) {
        return memory.answer(commandId);
    }

    @Override
    public synchronized void remember(String commandId, String answerFrame) throws IOException {
        memory.remember(commandId, answerFrame);
        append(line(commandId, answerFrame));
        if (++lines >= 2 * maxEntries) {
            compact();
        }
    }

    private void append(String line) throws IOException {
        out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        if (sync) {
            out.force(false);
        }
    }

    private void compact() throws IOException {
        Map<String, String> kept = memory.snapshot();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder();
        kept.forEach((id, answer) -> text.append(line(id, answer)));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        out.close();
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = kept.size();
    }

    private static String line(String id, String answer) {
        return JSON.createObjectNode().put("id", id).put("answer", answer) + "\n";
    }

    /** Lines in the file now (tests). */
    synchronized int lines() {
        return lines;
    }
}
