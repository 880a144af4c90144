package io.switchboard.auth.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** What the browser gets once: the third party's user and a session token (RS256 JWT) for our services. */
public record Grant(JsonNode user, String sessionToken, String tokenType, Instant expiresAt) {
}
