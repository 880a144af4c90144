package io.switchboard.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@code @QuarkusTestResource(InfraResource.class)}: makes sure the real test Kafka and Redis are up
 * and points the service at them.
 */
public class InfraResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Infra.ensureStarted();
        return Map.of("kafka.bootstrap.servers", Infra.KAFKA, "quarkus.redis.hosts", Infra.REDIS);
    }

    @Override
    public void stop() {
        // the broker and Redis outlive a test class; scripts/test.sh stops them at the end
    }
}
