package io.switchboard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private SimulatorOptions.Parsed parse(String... args) {
        return SimulatorOptions.parse(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintEveryOptionWithItsDefaultAndExit0OnHelp() {
        for (String flag : new String[] {"--help", "-h"}) {
            out.reset();
            assertThat(parse("--devices", "5", flag)).isEqualTo(new SimulatorOptions.Parsed.Exit(0));
            String usage = out.toString(StandardCharsets.UTF_8);
            assertThat(usage).startsWith("usage: ");
            for (SimulatorOptions.Option o : SimulatorOptions.OPTIONS) {
                assertThat(usage).contains(o.name()).contains("[" + o.defaultValue() + "]");
            }
            assertThat(err.size()).isZero();
        }
    }

    @Test
    void shouldPrintUsageAndExit2OnAnUnknownOption() {
        assertThat(parse("--devices", "2", "--colour", "red")).isEqualTo(new SimulatorOptions.Parsed.Exit(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("unknown option --colour").contains("usage: ", "--url");
        assertThat(out.size()).isZero();
    }

    @Test
    void shouldExit2OnAMissingOrUnreadableValue() {
        assertThat(parse("--devices")).isEqualTo(new SimulatorOptions.Parsed.Exit(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--devices needs a value");
        err.reset();
        assertThat(parse("--failure-rate", "lots")).isEqualTo(new SimulatorOptions.Parsed.Exit(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--failure-rate needs a number from 0 to 1");
        err.reset();
        assertThat(parse("--devices", "1.5")).isEqualTo(new SimulatorOptions.Parsed.Exit(2));
    }

    @Test
    void shouldKeepTheDefaultsOfOptionsNotGiven() {
        SimulatorOptions.Parsed parsed = parse("--devices", "7", "--prefix", "till-");
        assertThat(parsed).isInstanceOf(SimulatorOptions.Parsed.Run.class);
        var values = ((SimulatorOptions.Parsed.Run) parsed).values();
        assertThat(values).containsEntry("--devices", "7").containsEntry("--prefix", "till-")
                .containsEntry("--url", "ws://127.0.0.1:8081/devices/ws").containsEntry("--delay-ms", "200")
                .hasSize(SimulatorOptions.OPTIONS.size());
        assertThat(out.size() + err.size()).isZero();
    }
}
