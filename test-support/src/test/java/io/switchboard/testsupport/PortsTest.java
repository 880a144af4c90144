package io.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java side reads infra/profiles.env exactly as the scripts do (scripts/lib.sh's profile_ports). */
class PortsTest {

    @Test
    void shouldAgreeWithTheScriptsOnEveryProfilesKafkaAndRedis() throws Exception {
        assertThat(scriptPorts("test")).isEqualTo(Ports.TEST.kafkaPort() + " " + Ports.TEST.redisPort());
        assertThat(scriptPorts("bench")).isEqualTo(Ports.BENCH.kafkaPort() + " " + Ports.BENCH.redisPort());
        assertThat(scriptPorts("fault")).isEqualTo(Ports.FAULT.kafkaPort() + " " + Ports.FAULT.redisPort());
        assertThat(Infra.KAFKA).isEqualTo("127.0.0.1:" + Ports.TEST.kafkaPort());
        assertThat(Infra.REDIS).isEqualTo("redis://127.0.0.1:" + Ports.TEST.redisPort());
    }

    @Test
    void shouldReadKeyValueLinesAndSkipComments(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("profiles.env");
        Files.writeString(file, "# a comment\n\nA_PORT=1\n  B_PORT = 2 \n");
        assertThat(Ports.read(file)).isEqualTo(Map.of("A_PORT", "1", "B_PORT", "2"));
    }

    @Test
    void shouldRefuseAKeyTheFileDoesNotHave() {
        assertThatThrownBy(() -> Ports.port("NO_SUCH_PORT")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NO_SUCH_PORT");
    }

    private static String scriptPorts(String profile) throws IOException, InterruptedException {
        Path root = Infra.projectRoot();
        Process p = new ProcessBuilder("bash", "-c",
                "source scripts/lib.sh && profile_ports " + profile + " && echo \"$KAFKA_PORT $REDIS_PORT\"")
                .directory(root.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
