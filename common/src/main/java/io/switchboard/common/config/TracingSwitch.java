package io.switchboard.common.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Tracing is on exactly when an OTLP endpoint is configured (docs/observability.md): when
 * {@code quarkus.otel.exporter.otlp.traces.endpoint} or {@code quarkus.otel.exporter.otlp.endpoint} is set in the
 * environment, a system property or {@code application.properties} (not only Quarkus' built-in default, which
 * names {@code localhost:4317}), this adds a config source that turns on the SDK, the Kafka connector's tracing and
 * the trace id in each log line. Its ordinal is above {@code application.properties} (250, where both are off) and
 * below the environment (300), so {@code QUARKUS_OTEL_SDK_DISABLED=true} still keeps tracing off with an endpoint.
 * Registered for every service through {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public class TracingSwitch implements ConfigSourceFactory {
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    /** Above application.properties (250), below environment variables (300) and system properties (400). */
    static final int ORDINAL = 275;
    /** Where a value counts as configured: microprofile-config.properties (100) and up, not built-in defaults. */
    private static final int CONFIGURED_FROM = 100;
    static final String LOG_FORMAT = "%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p traceId=%X{traceId} [%c{3.}] (%t) %s%e%n";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!configured(context.getValue(TRACES_ENDPOINT)) && !configured(context.getValue(ENDPOINT))) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.otel.sdk.disabled", "false",
                "mp.messaging.connector.smallrye-kafka.tracing-enabled", "true",
                "quarkus.log.console.format", LOG_FORMAT), "switchboard tracing switch (an OTLP endpoint is configured)",
                ORDINAL));
    }

    private static boolean configured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() >= CONFIGURED_FROM;
    }
}
