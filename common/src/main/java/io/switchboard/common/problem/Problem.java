package io.switchboard.common.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * An RFC 9457 problem document. {@code code} is the stable machine-readable reason; {@code extensions}
 * are extra members written at top level (e.g. {@code commandId}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code,
                      @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem whose type URI is derived from its code. */
    public static Problem of(int status, String code, String title, String detail) {
        return new Problem("https://switchboard.io/problems/" + code.replace('_', '-'), title, status, detail, code, Map.of());
    }

    public Problem with(Map<String, Object> more) {
        return new Problem(type, title, status, detail, code, more);
    }

    @JsonAnyGetter
    public Map<String, Object> any() {
        return extensions == null ? Map.of() : extensions;
    }
}
