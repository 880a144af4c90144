package io.switchboard.device;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A machine on Switchboard's device link ({@code GET /devices/ws}, docs/contract.md section 1). It stays connected
 * (reconnecting with capped, jittered backoff until a close code says stop), hands each command to the handler of its
 * method and answers with the result or a typed error, refuses a command whose deadline passed (-32004), answers a
 * redelivered command id from memory without acting again, answers {@code ping} and sends notifications such as
 * {@code status}.
 *
 * <pre>{@code
 * DeviceClient kiosk = DeviceClient.builder(URI.create("wss://switchboard.example/devices/ws"), tokens::current)
 *         .handle("dispense", params -> Map.of("dispensed", dispenser.drop(params.path("bag").asInt())))
 *         .start();
 * }</pre>
 * One client owns a small Vert.x (one event loop, a few worker threads for blocking handlers) unless given a shared
 * one with {@link Builder#transport}: many machines in one JVM then share two event loops.
 */
public final class DeviceClient implements AutoCloseable {
    private final Link link;
    private final Dispatcher dispatcher;
    private final Context context;
    private final Vertx ownedVertx;

    private DeviceClient(Builder b) {
        this.ownedVertx = b.vertx == null ? Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4)) : null;
        Vertx vertx = b.vertx == null ? ownedVertx : b.vertx;
        WebSocketClient client = b.client == null ? vertx.createWebSocketClient(clientOptions()) : b.client;
        this.context = vertx.getOrCreateContext();
        this.link = new Link(vertx, context, client,
                new Link.Settings(b.name, b.uri, b.tokens, b.tokenInQuery, b.backoff, b.listener));
        Map<String, CommandHandler> handlers = new HashMap<>(b.async);
        b.blocking.forEach((method, h) -> handlers.put(method, command ->
                context.executeBlocking(() -> h.handle(command.params()), false).toCompletionStage()));
        CommandHandler fallback = b.fallback;
        this.dispatcher = new Dispatcher(b.name, method -> handlers.getOrDefault(method, fallback), b.answers, b.clock,
                b.listener, link::write, this::onContext);
    }

    private void onContext(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    /** The Vert.x WebSocket client options the SDK uses when it creates its own client. */
    public static WebSocketClientOptions clientOptions() {
        return new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20).setConnectTimeout(5000);
    }

    /**
     * @param uri    the gateway's device link, e.g. {@code wss://host/devices/ws}
     * @param tokens the device's JWT (role {@code device}, {@code sub} = device id); asked before every connect,
     *               so it may renew an expiring token; it runs on the event loop, so it should not block for long
     */
    public static Builder builder(URI uri, Supplier<String> tokens) {
        return new Builder(uri, tokens);
    }

    private DeviceClient begin() {
        link.start(dispatcher);
        return this;
    }

    /** True while a socket is open. */
    public boolean connected() {
        return link.connected();
    }

    /** False once the client stopped for good: {@link #close()}, or a close code that says do not reconnect. */
    public boolean running() {
        return !link.stopped();
    }

    /** How many times it connected. */
    public int connects() {
        return link.connects();
    }

    /** The close code of the last socket that closed, or -1. */
    public int lastCloseCode() {
        return link.lastCloseCode();
    }

    /**
     * Sends a notification (e.g. {@code status}) that the gateway puts on Kafka {@code device.events}; params is any
     * value Jackson can write. Returns false (dropped) when not connected.
     */
    public boolean notify(String method, Object params) {
        String lower = method.toLowerCase(Locale.ROOT);
        if (lower.equals("connected") || lower.equals("disconnected")) {
            throw new IllegalArgumentException(method + " is reserved for the gateway's own lifecycle events");
        }
        return link.write(Frames.notification(method, params));
    }

    /** A JSON-RPC {@code ping} to the gateway; completes with {@code "pong"}, or exceptionally when not connected. */
    public CompletableFuture<String> ping() {
        CompletableFuture<String> answer = new CompletableFuture<>();
        context.runOnContext(v -> dispatcher.ping().whenComplete((r, t) -> {
            if (t == null) {
                answer.complete(r);
            } else {
                answer.completeExceptionally(t);
            }
        }));
        return answer;
    }

    /** Stops reconnecting, closes the socket (1000) and, when it owns its Vert.x, closes that too. */
    @Override
    public void close() {
        link.stop();
        if (ownedVertx != null) {
            ownedVertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    /** How a client is set up; {@link #start()} builds and connects it. */
    public static final class Builder {
        private final URI uri;
        private final Supplier<String> tokens;
        private final Map<String, MethodHandler> blocking = new HashMap<>();
        private final Map<String, CommandHandler> async = new HashMap<>();
        private CommandHandler fallback;
        private String name = "device";
        private boolean tokenInQuery;
        private AnsweredCommands answers = AnsweredCommands.inMemory(1024);
        private Backoff backoff = Backoff.DEFAULT;
        private DeviceListener listener = new DeviceListener() { };
        private Clock clock = Clock.systemUTC();
        private Vertx vertx;
        private WebSocketClient client;

        private Builder(URI uri, Supplier<String> tokens) {
            this.uri = uri;
            this.tokens = tokens;
        }

        /** The handler of {@code method}, run on a worker thread (it may block). */
        public Builder handle(String method, MethodHandler handler) {
            blocking.put(method, handler);
            async.remove(method);
            return this;
        }

        /** The handler of {@code method}, run on the event loop (it must not block). */
        public Builder handleAsync(String method, CommandHandler handler) {
            async.put(method, handler);
            blocking.remove(method);
            return this;
        }

        /** The handler of every method without its own; without one such a command is answered -32601. */
        public Builder fallback(CommandHandler handler) {
            this.fallback = handler;
            return this;
        }

        /** The name in log lines, e.g. the device id (default {@code device}). */
        public Builder name(String deviceName) {
            this.name = deviceName;
            return this;
        }

        /** Sends the token as {@code ?access_token=} instead of the {@code Authorization} header. */
        public Builder tokenInQuery() {
            this.tokenInQuery = true;
            return this;
        }

        /** Where answers are remembered (default: the last 1,024 in memory). */
        public Builder answers(AnsweredCommands store) {
            this.answers = store;
            return this;
        }

        /** Remembers the last {@code maxEntries} answers in {@code file} too, so a restart does not act twice. */
        public Builder answersFile(Path file, int maxEntries) {
            try {
                return answers(AnsweredCommands.file(file, maxEntries));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the answered-commands file " + file, e);
            }
        }

        /** Reconnect delays (default 250 ms up to 30 s, jittered: see {@link Backoff}). */
        public Builder backoff(Duration min, Duration max) {
            this.backoff = new Backoff(min, max);
            return this;
        }

        public Builder listener(DeviceListener events) {
            this.listener = events;
            return this;
        }

        /** The clock deadlines are checked against (default UTC system clock). */
        public Builder clock(Clock deadlines) {
            this.clock = deadlines;
            return this;
        }

        /** A shared Vert.x and WebSocket client (e.g. {@link #clientOptions()}); the client does not close them. */
        public Builder transport(Vertx shared, WebSocketClient sharedClient) {
            this.vertx = shared;
            this.client = sharedClient;
            return this;
        }

        /** Builds the client and starts connecting (it returns at once; see {@link DeviceListener#connected()}). */
        public DeviceClient start() {
            if (vertx == null && client != null) {
                throw new IllegalStateException("a shared WebSocket client needs its Vert.x");
            }
            return new DeviceClient(this).begin();
        }
    }
}
