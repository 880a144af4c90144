package io.switchboard.auth.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/** The real broker, and an outbox of this run's own, so the test sees only its own relay at work. */
public class OwnOutboxProfile implements QuarkusTestProfile {
    public static final String OUTBOX = "sb:qr:outbox:test-" + UUID.randomUUID();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("qr.outbox.key", OUTBOX);
    }
}
