package io.switchboard.notify.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.notify.domain.IncomingEvent;
import io.switchboard.notify.domain.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Any body of {@code POST /api/events}, and any value on Kafka {@code notify.events} (the same JSON), is read as
 * the service reads it (Quarkus' Jackson binding of {@link IncomingEvent}, then {@link EventIngest#problem}) and
 * ends in one of: a Jackson exception (answered 400 problem+json by the HTTP edge, dead-lettered on Kafka), an
 * invalid event (400 {@code invalid_event}, dead-lettered), or a valid event that can be stored and read back as
 * the {@link StoredEvent} every subscriber gets. Never another exception.
 */
class EventBodyFuzzTest {
    private static final OfflineServices SERVICES = new OfflineServices();

    @FuzzTest(maxDuration = "30s")
    void anyEventBodyIsAnEventOrA400(byte[] input) throws Exception {
        String body = new String(input, StandardCharsets.UTF_8);
        IncomingEvent event;
        try {
            event = SERVICES.json.readValue(body, IncomingEvent.class);
        } catch (MismatchedInputException e) {
            return; // 400: no content (EventResource), or a body of the wrong shape (JsonBodyMismatchMapper)
        } catch (JsonProcessingException e) {
            return; // 400 bad_request: not JSON, or past Jackson's limits (Quarkus' reader answers it)
        }
        if (event == null) {
            return; // 400 invalid_event ("a JSON body ... is required")
        }
        Optional<String> problem = SERVICES.ingest.problem(event);
        if (problem.isPresent()) {
            assertThat(problem.get()).isNotBlank();
            return; // 400 invalid_event
        }
        // stored as EventLog.append writes it (the script adds offset and epoch in front), read back as EventLog.frame does
        ObjectNode stored = SERVICES.json.createObjectNode().put("offset", 1).put("epoch", "e-1")
                .put("channel", event.channel()).put("id", event.id()).put("type", event.type());
        stored.set("data", event.data());
        stored.put("time", "2026-01-01T00:00:00Z");
        StoredEvent back = SERVICES.json.readValue(stored.toString(), StoredEvent.class);
        assertThat(back.id()).isEqualTo(event.id());
        assertThat(back.channel()).isEqualTo(event.channel());
        assertThat(back.type()).isEqualTo(event.type());
        if (event.data() != null && !event.data().isNull()) {
            // as Jackson writes it: a float beyond double's range (1e400) is read as Infinity, written "Infinity"
            JsonNode written = SERVICES.json.readTree(SERVICES.json.writeValueAsString(event.data()));
            assertThat(back.data()).as("data reaches subscribers as it was read").isEqualTo(written);
        }
        assertThat(event.parsedChannel().name()).isEqualTo(event.channel());
    }
}
