package io.switchboard.auth.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/** 200 answer to an accepted webhook: {@code applied}, {@code duplicate} (replayed id) or {@code unchanged}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookAck(String outcome, LoginState state) {
}
