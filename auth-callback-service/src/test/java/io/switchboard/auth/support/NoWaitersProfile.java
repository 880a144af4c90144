package io.switchboard.auth.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** {@code qr.waiting.max-waiters=0}: every long-poll that would wait, and every push socket, is one too many. */
public class NoWaitersProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("qr.waiting.max-waiters", "0");
    }
}
