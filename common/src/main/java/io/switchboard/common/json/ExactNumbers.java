package io.switchboard.common.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * JSON that passes through the services (command params, device results, event data) keeps its numbers as they
 * were written: a decimal is read as a {@link java.math.BigDecimal}, not a double, and keeps its trailing zeros. With doubles, {@code 1e400}
 * became {@code "Infinity"} (a string) and {@code 0.1000000000000000055} became {@code 0.1} on the way to the
 * subscriber or the device (found by EventBodyFuzzTest). Typed {@code double} fields are not affected.
 * Applied to Quarkus' {@code ObjectMapper} in every service, and to the project's own mappers via {@link #mapper()}.
 */
@Singleton
public class ExactNumbers implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }

    /** A plain mapper (no Quarkus) with the same setting, for parsers that hold their own. */
    public static ObjectMapper mapper() {
        ObjectMapper mapper = JsonMapper.builder().build();
        new ExactNumbers().customize(mapper);
        return mapper;
    }
}
