package io.switchboard.auth.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.domain.Grant;
import io.switchboard.auth.domain.LoginNotFound;
import io.switchboard.auth.domain.LoginState;
import io.switchboard.auth.domain.LoginStatus;
import io.switchboard.auth.domain.QrLogin;
import io.switchboard.auth.store.LoginStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Answers a bound browser with a login's status; a granted login is handed out exactly once: the token
 * is signed first (so a signing failure keeps the grant), then the store's script consumes the grant,
 * and only the caller whose script won gets it. Everyone else sees {@code consumed}. The {@code consumed}
 * record goes into the outbox inside that script: nothing on this path talks to Kafka, so Kafka can neither
 * fail nor delay the answer.
 */
@ApplicationScoped
public class GrantDelivery {
    private final LoginStore store;
    private final SessionTokens tokens;
    private final TransitionLog transitions;
    private final ObjectMapper json;
    private final Timer latency;

    GrantDelivery(LoginStore store, SessionTokens tokens, TransitionLog transitions, ObjectMapper json, MeterRegistry registry) {
        this.store = store;
        this.tokens = tokens;
        this.transitions = transitions;
        this.json = json;
        this.latency = Timer.builder("switchboard.qr.grant.latency")
                .description("From the grant webhook to the browser receiving the grant").register(registry);
    }

    public Uni<LoginStatus> answer(QrLogin login) {
        if (login.state() != LoginState.GRANTED) {
            return Uni.createFrom().item(LoginStatus.of(login));
        }
        JsonNode user = readUser(login.userJson());
        return tokens.mint(user, login.loginId())
                .flatMap(token -> store.consume(login.loginId(), userId(user), Instant.now()).map(o -> switch (o.kind()) {
                    case OK -> {
                        latency.record(Duration.between(o.grantedAt(), Instant.now()));
                        transitions.recorded(login.loginId(), LoginState.CONSUMED, LoginState.GRANTED, o.outboxDepth());
                        yield new LoginStatus(login.loginId(), LoginState.GRANTED, login.expiresAt(),
                                new Grant(user, token.value(), "Bearer", token.expiresAt()));
                    }
                    case EXPIRED_NOW -> {
                        transitions.recorded(login.loginId(), LoginState.EXPIRED, LoginState.GRANTED, o.outboxDepth());
                        yield LoginStatus.of(login, LoginState.EXPIRED);
                    }
                    case UNKNOWN -> throw new LoginNotFound(login.loginId());
                    default -> LoginStatus.of(login, o.previousOr(LoginState.CONSUMED));
                }));
    }

    private static String userId(JsonNode user) {
        return user.path("id").isMissingNode() ? null : user.path("id").asText();
    }

    private JsonNode readUser(String userJson) {
        try {
            return json.readTree(userJson == null ? "{}" : userJson);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }
}
