package io.switchboard.auth.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Logins that expire after 2 s, and grants claimable for 2 s. */
public class ShortExpiryProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("qr.login-ttl", "2s", "qr.grant-ttl", "2s");
    }
}
