package io.switchboard.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.system.faults.chaos.ChaosRun;
import io.switchboard.system.faults.platform.FaultPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bounded chaos run ({@code scripts/chaos.sh}; the test command runs its short mode): length from
 * {@code -Dchaos.seconds} (default 75), seed from {@code -Dchaos.seed} (default random, printed). The
 * table goes to the log and to {@code system-tests/target/chaos/report.md}.
 */
@Tag("faults")
@Order(100)
class ChaosSystemTest {
    private static final System.Logger LOG = System.getLogger(ChaosSystemTest.class.getName());

    @Test
    void shouldLoseNothingAndActOnNothingTwiceUnderRandomFaults() throws Exception {
        FaultPlatform platform = FaultPlatform.get();
        platform.heal();
        long seconds = Long.getLong("chaos.seconds", 75);
        String seedProperty = System.getProperty("chaos.seed", "");
        long seed = seedProperty.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(seedProperty);
        ChaosRun.Result result = ChaosRun.run(platform, seconds, seed);
        Path report = platform.root.resolve("system-tests/target/chaos/report.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, result.table());
        LOG.log(System.Logger.Level.INFO, "\n{0}", result.table());
        assertThat(result.lost()).as("accepted events or granted logins never delivered (seed %d)", seed).isZero();
        assertThat(result.actedTwice()).as("commands a machine carried out twice (seed %d)", seed).isZero();
        assertThat(result.grantedTwice()).as("grants that reached a browser twice (seed %d)", seed).isZero();
    }
}
