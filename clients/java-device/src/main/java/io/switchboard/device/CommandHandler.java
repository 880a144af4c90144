package io.switchboard.device;

import java.util.concurrent.CompletionStage;

/**
 * The asynchronous form of {@link MethodHandler}: called on the connection's event loop (it must not block),
 * it returns a stage that completes with the result, or exceptionally with a {@link DeviceException} (typed
 * error) or anything else (-32603). Many machines in one JVM (the device simulator) use this form.
 */
@FunctionalInterface
public interface CommandHandler {
    CompletionStage<?> handle(Command command);
}
