package io.switchboard.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the device does with each frame from the gateway: a command is refused when its deadline passed, answered
 * from memory when its id was answered before, left alone while it is being carried out, else handed to its handler;
 * a JSON-RPC {@code ping} is answered {@code "pong"}; a response completes the client's own ping. Every method but
 * the completion of a handler's stage runs on one thread (the connection's event loop), and {@code loop} brings
 * that completion back there.
 */
final class Dispatcher {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    private final String name;
    private final Function<String, CommandHandler> handlers;
    private final AnsweredCommands answers;
    private final Clock clock;
    private final DeviceListener listener;
    private final Predicate<String> writer;
    private final Executor loop;
    private final Set<String> inProgress = new HashSet<>();
    private final Map<String, CompletableFuture<String>> pings = new HashMap<>();
    private long pingIds;

    Dispatcher(String name, Function<String, CommandHandler> handlers, AnsweredCommands answers, Clock clock,
               DeviceListener listener, Predicate<String> writer, Executor loop) {
        this.name = name;
        this.handlers = handlers;
        this.answers = answers;
        this.clock = clock;
        this.listener = listener;
        this.writer = writer;
        this.loop = loop;
    }

    void onText(String text) {
        JsonNode frame;
        try {
            frame = Frames.JSON.readTree(text);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "[device {0}] unreadable frame from the gateway", name);
            return;
        }
        JsonNode id = frame == null ? null : frame.get("id");
        if (frame == null || id == null || id.isNull()) {
            return; // a notification from the server: none is defined on the device link today
        }
        if (frame.path("method").isTextual()) {
            String method = frame.get("method").asText();
            if (method.equals("ping")) {
                writer.test(Frames.result(id, "pong"));
            } else {
                onCommand(id, method, frame.path("params"));
            }
        } else {
            CompletableFuture<String> ping = pings.remove(id.asText());
            if (ping != null) {
                ping.complete(frame.path("result").asText(frame.path("error").toString()));
            }
        }
    }

    private void onCommand(JsonNode id, String method, JsonNode params) {
        String key = id.asText();
        listener.commandReceived(key, method);
        String earlier = answers.answer(key).orElse(null);
        if (earlier != null || inProgress.contains(key)) {
            LOG.log(Level.DEBUG, "[device {0}][command {1}] redelivered: answered from memory", name, key);
            listener.redelivered(key);
            if (earlier != null) {
                writer.test(earlier); // while in progress the answer goes out when it is done
            }
            return;
        }
        Command command = Frames.command(id, method, params);
        if (command.deadline() != null && command.deadline().isBefore(clock.instant())) {
            LOG.log(Level.INFO, "[device {0}][command {1}] refused: its deadline {2} passed", name, key, command.deadline());
            writer.test(Frames.error(id, Frames.DEADLINE_EXCEEDED, "deadline exceeded",
                    Map.of("deadline", command.deadline().toString())));
            return;
        }
        CommandHandler handler = handlers.apply(method);
        if (handler == null) {
            writer.test(Frames.error(id, Frames.METHOD_NOT_FOUND, "Method not found: " + method, null));
            return;
        }
        inProgress.add(key);
        CompletionStage<?> stage;
        try {
            stage = handler.handle(command);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, failure) -> loop.execute(() -> finish(id, key, result, failure)));
    }

    private void finish(JsonNode id, String key, Object result, Throwable failure) {
        String answer = failure == null ? Frames.result(id, result) : error(id, key, failure);
        try {
            answers.remember(key, answer);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "[device " + name + "][command " + key + "] answered but not remembered", e);
        }
        inProgress.remove(key);
        if (!writer.test(answer)) {
            LOG.log(Level.INFO, "[device {0}][command {1}] not connected: the answer waits for a redelivery", name, key);
        }
    }

    private String error(JsonNode id, String key, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof DeviceException typed) {
            return Frames.error(id, typed.code(), typed.getMessage(), typed.data());
        }
        LOG.log(Level.WARNING, "[device " + name + "][command " + key + "] handler failed", cause);
        return Frames.error(id, Frames.INTERNAL_ERROR, "internal error: " + cause.getClass().getSimpleName(), null);
    }

    /** Sends a JSON-RPC ping; completes with the result ({@code "pong"}), or exceptionally when not sent or cut off. */
    CompletableFuture<String> ping() {
        String id = "ping-" + (++pingIds);
        CompletableFuture<String> answer = new CompletableFuture<>();
        pings.put(id, answer);
        if (!writer.test(Frames.request(id, "ping"))) {
            pings.remove(id);
            answer.completeExceptionally(new IllegalStateException("not connected"));
        }
        return answer;
    }

    /** The socket closed: pings in flight will not be answered. */
    void disconnected() {
        pings.values().forEach(p -> p.completeExceptionally(new IllegalStateException("disconnected")));
        pings.clear();
    }
}
