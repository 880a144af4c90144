package io.switchboard.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FloorSessionTest {
    private static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheSubjectOfABearerToken() {
        String token = part("{\"alg\":\"RS256\"}") + "." + part("{\"iss\":\"x\",\"sub\":\"dev-7\",\"exp\":1}") + ".sig";
        assertThat(FloorSession.subject("Bearer " + token)).isEqualTo("dev-7");
    }

    @Test
    void refusesWhatIsNotABearerJwt() {
        assertThat(FloorSession.subject(null)).isNull();
        assertThat(FloorSession.subject("Basic abc")).isNull();
        assertThat(FloorSession.subject("Bearer abc")).isNull();
        assertThat(FloorSession.subject("Bearer " + part("{}") + "." + part("{\"iss\":\"x\"}") + ".s")).isNull();
    }

    @Test
    void readsNamedArguments() {
        String[] args = {"--port", "1234", "--mode"};
        assertThat(FloorSession.arg(args, "--port", "0")).isEqualTo("1234");
        assertThat(FloorSession.arg(args, "--mode", "manual")).isEqualTo("manual");
    }
}
