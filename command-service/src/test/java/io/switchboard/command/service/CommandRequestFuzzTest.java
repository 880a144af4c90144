package io.switchboard.command.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.CommandRecord;
import io.switchboard.command.domain.CommandRequest;
import io.switchboard.command.domain.InvalidCommand;
import io.switchboard.command.rest.CommandProblems;
import io.switchboard.common.problem.Problem;
import io.switchboard.common.wire.DeviceCommand;
import io.switchboard.testsupport.fuzz.ConfigDefaults;
import io.switchboard.testsupport.fuzz.QuarkusJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Any body of {@code POST /api/devices/{deviceId}/commands} is either a valid {@link CommandRequest} or an
 * {@link InvalidCommand}, answered as a 400 problem {@code invalid_command}; never another exception. A valid one also survives every way the service
 * writes it: its Idempotency-Key hash, the command record on Kafka {@code device.commands}, and the record
 * inside a 504 {@code command_timeout} problem (the deepest place its params end up).
 */
class CommandRequestFuzzTest {
    private static final Pattern METHOD = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-/]{0,63}");
    private static final ObjectMapper JSON = QuarkusJson.mapper();
    private static final CommandConfig CONFIG = ConfigDefaults.of(CommandConfig.class);
    private static final CommandRequestParser PARSER = new CommandRequestParser(CONFIG);

    @FuzzTest(maxDuration = "30s")
    void anyCommandBodyIsACommandOrA400Problem(byte[] input) throws Exception {
        String body = new String(input, StandardCharsets.UTF_8);
        CommandRequest request;
        try {
            request = PARSER.parse(body);
        } catch (InvalidCommand e) {
            jakarta.ws.rs.core.Response answer = new CommandProblems().invalidCommand(e);
            assertThat(answer.getStatus()).isEqualTo(400);
            assertThat(((Problem) answer.getEntity()).code()).isEqualTo("invalid_command");
            assertThat(JSON.writeValueAsString(answer.getEntity())).contains("invalid_command");
            return;
        }
        assertThat(METHOD.matcher(request.method()).matches()).isTrue();
        assertThat(request.params().isObject()).isTrue();
        assertThat(request.params().has("_meta")).isFalse();
        assertThat(request.timeoutMs()).isBetween(CONFIG.minTimeoutMs(), CONFIG.maxTimeoutMs());

        assertThat(PARSER.hash("d-1", request)).hasSize(64);
        Instant now = Instant.now();
        CommandRecord record = new CommandRecord("c-1", "d-1", request.method(), request.params(), "sent", null, null,
                null, request.timeoutMs(), now, now.plusMillis(request.timeoutMs()), now, null);
        String onKafka = JSON.writeValueAsString(new DeviceCommand("c-1", "d-1", request.method(), request.params(),
                record.deadline(), now));
        // as Jackson writes it: a float beyond double's range (1e400) is read as Infinity, written "Infinity"
        JsonNode written = JSON.readTree(JSON.writeValueAsString(request.params()));
        assertThat(JSON.readValue(onKafka, DeviceCommand.class).params()).isEqualTo(written);
        Problem timeout = Problem.of(504, "command_timeout", "Command timed out", "no answer")
                .with(Map.of("commandId", record.commandId(), "command", record));
        assertThat(JSON.readTree(JSON.writeValueAsString(timeout)).path("command").path("params")).isEqualTo(written);
    }
}
