package io.switchboard.common.config;

import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.runtime.PreventFurtherStepsException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fail fast: before any other startup observer runs, every {@link ConfigCheck} of the service is asked, and if
 * one finds something missing or unusable the service logs ONE error line naming every such key (with its
 * environment variable) and exits with status 1, instead of starting and failing on a user's request.
 */
@ApplicationScoped
public class RequiredConfig {
    /** The exit status of a refused start. */
    public static final int EXIT_STATUS = 1;

    @Inject
    @All
    List<ConfigCheck> checks;

    void onStart(@Observes @Priority(1) StartupEvent event) {
        List<ConfigProblem> problems = problems(ConfigProvider.getConfig());
        if (problems.isEmpty()) {
            return;
        }
        Log.errorf("Refusing to start: required configuration missing or invalid: %s",
                problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        // exit with the status once the start returns, and make it return now: no later startup step runs (no
        // HTTP listener, no subscription), and Quarkus logs nothing more on this exception
        Quarkus.asyncExit(EXIT_STATUS);
        throw new PreventFurtherStepsException("", EXIT_STATUS);
    }

    List<ConfigProblem> problems(Config config) {
        List<ConfigProblem> all = new ArrayList<>();
        for (ConfigCheck check : checks) {
            all.addAll(check.check(config));
        }
        return all;
    }
}
