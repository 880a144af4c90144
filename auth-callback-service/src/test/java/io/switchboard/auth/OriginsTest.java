package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.web.Origins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure origin rules of the push socket (and notify's): allowlist and "this service's own page". */
class OriginsTest {
    private final Origins allowed = Origins.of(List.of("http://localhost:8083", " HTTPS://Shop.Example.com/ "));

    @Test
    void shouldPermitNoOriginAndListedOnesWhateverTheirCaseOrTrailingSlash() {
        assertTrue(allowed.permits(null));
        assertTrue(allowed.permits("http://localhost:8083"));
        assertTrue(allowed.permits("https://shop.example.com/"));
        assertFalse(allowed.permits("http://localhost:8084"));
        assertFalse(allowed.permits("null"));
        assertFalse(allowed.permits("https://shop.example.com.evil.example"));
    }

    @Test
    void shouldTakeAnOriginNamingTheRequestsHostForTheServicesOwnPage() {
        assertTrue(Origins.sameHost("http://127.0.0.1:41234", "127.0.0.1:41234"));
        assertTrue(Origins.sameHost("https://switchboard.example.com", "switchboard.example.com"));
        assertTrue(Origins.sameHost("https://switchboard.example.com", "Switchboard.Example.com:443"));
        assertFalse(Origins.sameHost("https://evil.example.com", "switchboard.example.com"));
        assertFalse(Origins.sameHost("http://127.0.0.1:41235", "127.0.0.1:41234"));
        assertFalse(Origins.sameHost("http://switchboard.example.com", "switchboard.example.com:8443"));
        assertFalse(Origins.sameHost("null", "switchboard.example.com"));
        assertFalse(Origins.sameHost("http://a.example/path", "a.example"));
        assertFalse(Origins.sameHost("http://a.example", null));
    }
}
