package io.switchboard.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAnsweredCommandsTest {
    @TempDir
    Path dir;

    @Test
    void shouldRememberAcrossAReopen() throws Exception {
        Path file = dir.resolve("sub/answers.jsonl");
        AnsweredCommands.file(file, 10).remember("cmd_1", "{\"jsonrpc\":\"2.0\",\"id\":\"cmd_1\",\"result\":1}");

        AnsweredCommands reopened = AnsweredCommands.file(file, 10);

        assertThat(reopened.answer("cmd_1")).contains("{\"jsonrpc\":\"2.0\",\"id\":\"cmd_1\",\"result\":1}");
        assertThat(reopened.answer("cmd_2")).isEmpty();
    }

    @Test
    void shouldSkipATornLastLine() throws Exception {
        Path file = dir.resolve("answers.jsonl");
        AnsweredCommands.file(file, 10).remember("cmd_1", "a1");
        Files.writeString(file, "{\"id\":\"cmd_2\",\"ans", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        AnsweredCommands reopened = AnsweredCommands.file(file, 10);

        assertThat(reopened.answer("cmd_1")).contains("a1");
        assertThat(reopened.answer("cmd_2")).isEmpty();
    }

    @Test
    void shouldKeepTheFileBoundedAndTheNewestAnswers() throws Exception {
        Path file = dir.resolve("answers.jsonl");
        FileAnsweredCommands store = FileAnsweredCommands.open(file, 3, false);
        for (int i = 1; i <= 20; i++) {
            store.remember("cmd_" + i, "a" + i);
        }

        assertThat(store.lines()).isLessThan(6);
        assertThat(Files.readAllLines(file)).hasSize(store.lines());
        FileAnsweredCommands reopened = FileAnsweredCommands.open(file, 3, false);
        assertThat(reopened.answer("cmd_20")).contains("a20");
        assertThat(reopened.answer("cmd_18")).contains("a18");
        assertThat(reopened.answer("cmd_1")).isEmpty();
    }

    @Test
    void shouldForgetTheOldestInMemory() throws Exception {
        AnsweredCommands memory = AnsweredCommands.inMemory(2);
        memory.remember("a", "1");
        memory.remember("b", "2");
        memory.remember("c", "3");

        assertThat(memory.answer("a")).isEmpty();
        assertThat(memory.answer("c")).contains("3");
    }
}
