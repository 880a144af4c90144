package io.switchboard.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frame handling without a socket: what the device answers to each frame the gateway may send. */
class DispatcherTest {
    private static final Instant NOW = Instant.parse("2026-12-04T05:00:00Z");

    private final List<String> written = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Command> seen = new ArrayList<>();
    private final AtomicInteger redelivered = new AtomicInteger();

    private Dispatcher dispatcher(AnsweredCommands answers, CommandHandler handler) {
        DeviceListener listener = new DeviceListener() {
            @Override
            public void redelivered(String commandId) {
                redelivered.incrementAndGet();
            }
        };
        return new Dispatcher("test", m -> m.equals("dispense") ? handler : null, answers,
                Clock.fixed(NOW, ZoneOffset.UTC), listener, written::add, Runnable::run);
    }

    private CommandHandler counting(Object result) {
        return c -> {
            calls.incrementAndGet();
            seen.add(c);
            return CompletableFuture.completedFuture(result);
        };
    }

    private static String command(String id, String deadline) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"dispense\",\"params\":{\"bag\":7,"
                + "\"_meta\":{\"deadline\":\"" + deadline + "\",\"traceparent\":\"00-abc-def-01\"}}}";
    }

    private JsonNode last() throws IOException {
        return Frames.JSON.readTree(written.get(written.size() - 1));
    }

    @Test
    void shouldAnswerWithTheHandlersResultAndParamsWithoutMeta() throws Exception {
        Dispatcher d = dispatcher(AnsweredCommands.inMemory(8), counting(Map.of("dispensed", 7)));

        d.onText(command("cmd_1", "2026-12-04T05:00:05Z"));

        assertThat(last().path("id").asText()).isEqualTo("cmd_1");
        assertThat(last().path("result").path("dispensed").asInt()).isEqualTo(7);
        assertThat(last().has("error")).isFalse();
        assertThat(seen.get(0).params().toString()).isEqualTo("{\"bag\":7}");
        assertThat(seen.get(0).deadline()).isEqualTo(Instant.parse("2026-12-04T05:00:05Z"));
        assertThat(seen.get(0).traceparent()).isEqualTo("00-abc-def-01");
    }

    @Test
    void shouldAnswerATypedErrorWithItsCodeMessageAndData() throws Exception {
        Dispatcher d = dispatcher(AnsweredCommands.inMemory(8),
                c -> CompletableFuture.failedFuture(new DeviceException(1001, "mechanism jammed", Map.of("slot", 3))));

        d.onText(command("cmd_2", "2026-12-04T05:00:05Z"));

        JsonNode error = last().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(1001);
        assertThat(error.path("message").asText()).isEqualTo("mechanism jammed");
        assertThat(error.path("data").path("slot").asInt()).isEqualTo(3);
        assertThat(last().has("result")).isFalse();
    }

    @Test
    void shouldAnswerInternalErrorWhenTheHandlerThrowsSomethingElse() throws Exception {
        Dispatcher d = dispatcher(AnsweredCommands.inMemory(8), c -> {
            throw new IllegalStateException("motor gone");
        });

        d.onText(command("cmd_3", "2026-12-04T05:00:05Z"));

        assertThat(last().path("error").path("code").asInt()).isEqualTo(-32603);
    }

    @Test
    void shouldRefuseACommandWhoseDeadlinePassedWithoutCallingTheHandler() throws Exception {
        Dispatcher d = dispatcher(AnsweredCommands.inMemory(8), counting("done"));

        d.onText(command("cmd_4", "2026-12-04T04:59:59.999Z"));

        assertThat(last().path("error").path("code").asInt()).isEqualTo(-32004);
        assertThat(last().path("error").path("data").path("deadline").asText()).isEqualTo("2026-12-04T04:59:59.999Z");
        assertThat(calls).hasValue(0);
    }

    @Test
    void shouldAnswerARedeliveryFromMemoryWithoutCallingTheHandlerAgain() throws Exception {
        Dispatcher d = dispatcher(AnsweredCommands.inMemory(8), counting(Map.of("n", 1)));

        d.onText(command("cmd_5", "2026-12-04T05:00:05Z"));
        d.onText(command("cmd_5", "2026-12-04T05:00:05Z"));

        assertThat(calls).hasValue(1);
        assertThat(redelivered).hasValue(1);
        assertThat(written).hasSize(2);
        assertThat(written.get(1)).isEqualTo(written.get(0));
    }

    @Test
    void shouldNotActOnARedeliveryThatArrivesWhileTheFirstIsCarriedOut() {
        CompletableFuture<Object> slow = new CompletableFuture<>();
        Dispatcher d = dispatcher(AnsweredCommands.inMemory(8), c -> {
            calls.incrementAndGet();
            return slow;
        });

        d.onText(command("cmd_6", "2026-12-04T05:00:05Z"));
        d.onText(command("cmd_6", "2026-12-04T05:00:05Z"));
        assertThat(written).isEmpty();
        slow.complete("done");

        assertThat(calls).hasValue(1);
        assertThat(redelivered).hasValue(1);
        assertThat(written).hasSize(1);
    }

    @Test
    void shouldAnswerARedeliveryFromTheFileAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("answers.jsonl");
        dispatcher(AnsweredCommands.file(file, 8), counting(Map.of("n", 1))).onText(command("cmd_7", "2026-12-04T05:00:05Z"));
        String first = written.get(0);

        Dispatcher restarted = dispatcher(AnsweredCommands.file(file, 8), counting(Map.of("n", 2)));
        restarted.onText(command("cmd_7", "2026-12-04T05:00:05Z"));

        assertThat(calls).hasValue(1);
        assertThat(written).containsExactly(first, first);
    }

    @Test
    void shouldAnswerPingWithPong() throws Exception {
        Dispatcher d = dispatcher(AnsweredCommands.inMemory(8), counting("x"));

        d.onText("{\"jsonrpc\":\"2.0\",\"id\":\"p1\",\"method\":\"ping\"}");

        assertThat(last().path("id").asText()).isEqualTo("p1");
        assertThat(last().path("result").asText()).isEqualTo("pong");
        assertThat(calls).hasValue(0);
    }

    @Test
    void shouldAnswerAnUnknownMethodWithMethodNotFound() throws Exception {
        Dispatcher d = dispatcher(AnsweredCommands.inMemory(8), counting("x"));

        d.onText("{\"jsonrpc\":\"2.0\",\"id\":\"cmd_8\",\"method\":\"fly\",\"params\":{}}");

        assertThat(last().path("error").path("code").asInt()).isEqualTo(-32601);
    }

    @Test
    void shouldCompleteItsOwnPingWithTheGatewaysResultAndIgnoreGarbage() throws Exception {
        Dispatcher d = dispatcher(AnsweredCommands.inMemory(8), counting("x"));
        CompletableFuture<String> pong = d.ping();
        String id = Frames.JSON.readTree(written.get(0)).path("id").asText();

        d.onText("not json");
        d.onText("{\"jsonrpc\":\"2.0\",\"method\":\"hello\"}");
        d.onText("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"result\":\"pong\"}");

        assertThat(pong).isCompletedWithValue("pong");
        assertThat(written).hasSize(1);
    }
}
