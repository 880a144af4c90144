package io.switchboard.device;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Carries out one method and returns its result (any value Jackson can write; null answers {@code null}).
 * It runs on a worker thread, so it may block (a motor turning, a printer printing). Throwing a
 * {@link DeviceException} answers that typed error; any other exception answers -32603 (internal error).
 */
@FunctionalInterface
public interface MethodHandler {
    Object handle(JsonNode params) throws Exception;
}
