package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.web.Origins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure origin rules of the push socket (and notify's): allowlist and "this service's own page". */
class OriginsTest {
    private final Origins allowed = Origins.of(List.of("http://localhost:8083", " HTTPS://Shop.Example.com/ "));

    @Test
    void shouldPermitNoOriginAndListedOnesWhateverTheirCaseOrTrailingSlash() {
        assertThat(allowed.permits(null)).isTrue();
        assertThat(allowed.permits("http://localhost:8083")).isTrue();
        assertThat(allowed.permits("https://shop.example.com/")).isTrue();
        assertThat(allowed.permits("http://localhost:8084")).isFalse();
        assertThat(allowed.permits("null")).isFalse();
        assertThat(allowed.permits("https://shop.example.com.evil.example")).isFalse();
    }

    @Test
    void shouldTakeAnOriginNamingTheRequestsHostForTheServicesOwnPage() {
        assertThat(Origins.sameHost("http://127.0.0.1:41234", "127.0.0.1:41234")).isTrue();
        assertThat(Origins.sameHost("https://switchboard.example.com", "switchboard.example.com")).isTrue();
        assertThat(Origins.sameHost("https://switchboard.example.com", "Switchboard.Example.com:443")).isTrue();
        assertThat(Origins.sameHost("https://evil.example.com", "switchboard.example.com")).isFalse();
        assertThat(Origins.sameHost("http://127.0.0.1:41235", "127.0.0.1:41234")).isFalse();
        assertThat(Origins.sameHost("http://switchboard.example.com", "switchboard.example.com:8443")).isFalse();
        assertThat(Origins.sameHost("null", "switchboard.example.com")).isFalse();
        assertThat(Origins.sameHost("http://a.example/path", "a.example")).isFalse();
        assertThat(Origins.sameHost("http://a.example", null)).isFalse();
    }
}
