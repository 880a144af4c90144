package io.switchboard.auth.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Body of a third-party webhook: {@code {"qrCodeKey","event":"scanned|granted|denied","user":{"id","name",...}}}. */
public record WebhookPayload(String qrCodeKey, String event, JsonNode user) {

    /** The state the event moves a login to, if the event is one we know. */
    public Optional<LoginState> target() {
        return switch (event == null ? "" : event) {
            case "scanned" -> Optional.of(LoginState.SCANNED);
            case "granted" -> Optional.of(LoginState.GRANTED);
            case "denied" -> Optional.of(LoginState.DENIED);
            default -> Optional.empty();
        };
    }

    /** The user's id when the body names one ({@code user.id}, a non-blank string). */
    public Optional<String> userId() {
        JsonNode id = user == null ? null : user.get("id");
        return id != null && id.isTextual() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
    }
}
