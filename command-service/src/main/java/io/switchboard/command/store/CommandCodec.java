package io.switchboard.command.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.command.domain.CommandRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps a {@link CommandRecord} to and from a flat Redis hash whose JSON members are stored as text. */
@ApplicationScoped
class CommandCodec {
    private final ObjectMapper json;

    CommandCodec(ObjectMapper json) {
        this.json = json;
    }

    Map<String, String> toHash(CommandRecord r) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("commandId", r.commandId());
        h.put("deviceId", r.deviceId());
        h.put("method", r.method());
        h.put("params", r.params() == null ? "{}" : r.params().toString());
        h.put("status", r.status());
        h.put("timeoutMs", String.valueOf(r.timeoutMs()));
        h.put("createdAt", r.createdAt().toString());
        h.put("deadline", r.deadline().toString());
        h.put("updatedAt", r.updatedAt().toString());
        if (r.submitter() != null) {
            h.put("submitter", r.submitter());
        }
        if (r.queuedUntil() != null) {
            h.put("queuedUntil", r.queuedUntil().toString());
        }
        return h;
    }

    /**
     * The record of a hash. A queued command's stored {@code deadline} is the end of its wait ({@code queuedUntil});
     * once it was delivered its deadline is {@code timeoutMs} after {@code deliveredAt}, derived here (the transition
     * script only records {@code deliveredAt}).
     */
    CommandRecord fromHash(Map<String, String> h) {
        Integer timeoutMs = h.get("timeoutMs") == null ? null : Integer.valueOf(h.get("timeoutMs"));
        Instant queuedUntil = instant(h.get("queuedUntil"));
        Instant deliveredAt = instant(h.get("deliveredAt"));
        Instant deadline = queuedUntil != null && deliveredAt != null && timeoutMs != null
                ? deliveredAt.plusMillis(timeoutMs) : instant(h.get("deadline"));
        return new CommandRecord(h.get("commandId"), h.get("deviceId"), h.get("method"), node(h.get("params")),
                h.get("status"), node(h.get("result")), node(h.get("error")),
                "true".equals(h.get("late")) ? Boolean.TRUE : null, timeoutMs,
                instant(h.get("createdAt")), deadline, instant(h.get("updatedAt")),
                deliveredAt, h.get("reason"), h.get("submitter"), queuedUntil);
    }

    private JsonNode node(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
