package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the gateways scenario counts its machines as all present ({@link Presence#complete}). */
class PresenceTest {
    private static Map<String, String> spread(int devices, int gateways) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < devices; i++) {
            m.put(CommandDriver.device(i), "gw-" + (i % gateways));
        }
        return m;
    }

    @Test
    void shouldBeCompleteWhenEveryMachineIsListedOnTheRunningGateways() {
        assertThat(Presence.complete(spread(40, 4), 40, 4)).isTrue();
        Map<String, String> withOthers = spread(40, 2);
        withOthers.put("kiosk-1", "gw-old"); // not one of the scenario's machines
        assertThat(Presence.complete(withOthers, 40, 2)).isTrue();
    }

    @Test
    void shouldWaitForAMissingMachine() {
        Map<String, String> m = spread(40, 4);
        m.remove(CommandDriver.device(17));
        assertThat(Presence.complete(m, 40, 4)).isFalse();
    }

    @Test
    void shouldWaitWhileAMachineIsStillListedOnTheGatewayOfAnEarlierSetup() {
        Map<String, String> m = spread(40, 2);
        m.put(CommandDriver.device(3), "gw-of-the-last-setup");
        assertThat(Presence.complete(m, 40, 2)).isFalse();
    }
}
