package io.switchboard.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingSwitchTest {
    /** What every service's application.properties says: tracing off. */
    private static final Map<String, String> APPLICATION = Map.of("quarkus.otel.sdk.disabled", "true",
            "mp.messaging.connector.smallrye-kafka.tracing-enabled", "false", "quarkus.log.console.format", "plain");

    private static SmallRyeConfig config(Map<String, String> environment, Map<String, String> defaults) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(defaults, "defaults", Integer.MIN_VALUE + 100))
                .withSources(new PropertiesConfigSource(APPLICATION, "application.properties", 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withSources(new TracingSwitch())
                .build();
    }

    @Test
    void shouldTurnTracingOnWhenAnEndpointIsConfigured() {
        for (String key : new String[] {TracingSwitch.ENDPOINT, TracingSwitch.TRACES_ENDPOINT}) {
            SmallRyeConfig config = config(Map.of(key, "http://otel-collector:4317"), Map.of());
            assertThat(config.getValue("quarkus.otel.sdk.disabled", Boolean.class)).as(key).isFalse();
            assertThat(config.getValue("mp.messaging.connector.smallrye-kafka.tracing-enabled", Boolean.class)).isTrue();
            assertThat(config.getRawValue("quarkus.log.console.format")).contains("traceId=%X{traceId}");
        }
    }

    @Test
    void shouldLeaveTracingOffWithoutOneOrWithOnlyTheBuiltInDefault() {
        for (SmallRyeConfig config : new SmallRyeConfig[] {config(Map.of(), Map.of()),
                config(Map.of(), Map.of(TracingSwitch.ENDPOINT, "http://localhost:4317")),
                config(Map.of(TracingSwitch.ENDPOINT, " "), Map.of())}) {
            assertThat(config.getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
            assertThat(config.getValue("mp.messaging.connector.smallrye-kafka.tracing-enabled", Boolean.class)).isFalse();
            assertThat(config.getRawValue("quarkus.log.console.format")).isEqualTo("plain");
        }
    }

    @Test
    void shouldLetTheEnvironmentKeepTracingOffWithAnEndpoint() {
        SmallRyeConfig config = config(Map.of(TracingSwitch.ENDPOINT, "http://otel-collector:4317",
                "quarkus.otel.sdk.disabled", "true"), Map.of());
        assertThat(config.getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
    }
}
