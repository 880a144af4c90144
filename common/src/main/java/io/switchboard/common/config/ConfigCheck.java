package io.switchboard.common.config;

import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * One service's startup check of configuration it needs (a bean; {@link RequiredConfig} runs them all before
 * anything else starts). Must be quick and must not touch the network.
 */
public interface ConfigCheck {

    /** What is missing or unusable; empty when all is well. */
    List<ConfigProblem> check(Config config);
}
