package io.switchboard.command.domain;

/** Who asked: the token's subject, used to scope idempotency keys. */
public record Caller(String subject) {
}
