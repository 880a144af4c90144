package io.switchboard.system.faults.platform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** What every fault test starts with: the shared {@link FaultPlatform}, healed after each test. */
public abstract class FaultTest {
    protected static FaultPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = FaultPlatform.get();
    }

    @AfterEach
    void heal() throws Exception {
        platform.heal();
    }
}
