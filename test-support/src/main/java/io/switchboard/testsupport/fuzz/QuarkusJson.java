package io.switchboard.testsupport.fuzz;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * An {@link ObjectMapper} configured as Quarkus configures the one it injects with this project's settings (no
 * {@code quarkus.jackson.*} keys are set): unknown properties ignored, dates as ISO strings, every Jackson
 * module on the class path (java.time, Jdk8, parameter names). For tests that construct a bean by hand.
 */
public final class QuarkusJson {
    private QuarkusJson() {
    }

    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .findAndAddModules()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }
}
