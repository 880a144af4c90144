package io.switchboard.bench.floor;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A plain Vert.x 4 WebSocket server on {@code /devices/ws} (no Quarkus, no Vert.x Web), for what Vert.x itself
 * keeps per socket. Each socket holds a {@link FloorSession} (registered in one map by device id, as the gateway
 * registers its devices) and answers a text frame with nothing. {@code GET /ready} answers 200.
 * <p>
 * {@code --mode}:
 * <ul>
 *   <li>{@code request}: {@code HttpServer.requestHandler}, {@code request.toWebSocket()} (how Quarkus does it);</li>
 *   <li>{@code handler}: {@code HttpServer.webSocketHandler} (Vert.x upgrades before any request handler);</li>
 *   <li>{@code request-clear}: as {@code request}, then clears the request's and the socket's header maps once
 *       the socket is open, to see whether the headers are what stays.</li>
 * </ul>
 * {@code --public-key <pem>} (with {@code --issuer}) makes it verify each token's RS256 signature and claims as the
 * Socket.IO peer does ({@link FloorTokens}): the idle scenario's connect floor. Without it the {@code sub} is read
 * unverified (the heap floor).
 * {@code java -Xms64m -Xmx1g -XX:+UseG1GC -cp benchmarks/target/benchmarks-all.jar
 * io.switchboard.bench.floor.VertxFloorServer --port 38181 --mode request}
 */
public final class VertxFloorServer {
    private static final System.Logger LOG = System.getLogger(VertxFloorServer.class.getName());

    private VertxFloorServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(FloorSession.arg(args, "--port", "38181"));
        String mode = FloorSession.arg(args, "--mode", "request");
        String pem = FloorSession.arg(args, "--public-key", null);
        FloorTokens tokens = pem == null ? null
                : FloorTokens.fromPem(Path.of(pem), FloorSession.arg(args, "--issuer", "https://switchboard.local/issuer"));
        Function<String, String> subject = tokens == null ? FloorSession::subject : tokens::subject;
        Map<String, FloorSession> sessions = new ConcurrentHashMap<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("0.0.0.0")
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
                .setMaxWebSocketMessageSize(65536));
        if (mode.equals("handler")) {
            server.webSocketHandler(ws -> {
                if (!ws.path().equals("/devices/ws")) {
                    ws.reject(404);
                    return;
                }
                String device = subject.apply(ws.headers().get("Authorization"));
                if (device == null) {
                    ws.reject(401);
                    return;
                }
                open(ws, device, sessions);
            });
        }
        server.requestHandler(request -> {
            if (request.path().equals("/ready")) {
                request.response().end("ready " + sessions.size());
                return;
            }
            if (!request.path().equals("/devices/ws")) {
                request.response().setStatusCode(404).end();
                return;
            }
            String device = subject.apply(request.getHeader("Authorization"));
            if (device == null) {
                request.response().setStatusCode(401).end();
                return;
            }
            request.toWebSocket().onSuccess(ws -> {
                open(ws, device, sessions);
                if (mode.equals("request-clear")) {
                    clear(request);
                    clear(ws);
                }
            }).onFailure(t -> { });
        });
        server.listen().onSuccess(s -> LOG.log(System.Logger.Level.INFO, "vertx floor server ({0}) on {1}", mode, Integer.toString(s.actualPort())))
                .onFailure(t -> {
                    LOG.log(System.Logger.Level.ERROR, "vertx floor server did not start", t);
                    System.exit(1);
                });
    }

    private static void open(ServerWebSocket ws, String device, Map<String, FloorSession> sessions) {
        FloorSession session = new FloorSession(device);
        sessions.put(device, session);
        ws.textMessageHandler(text -> session.lastSeenNanos = System.nanoTime());
        ws.pongHandler(b -> session.lastSeenNanos = System.nanoTime());
        ws.exceptionHandler(t -> { });
        ws.closeHandler(v -> sessions.remove(device, session));
    }

    private static void clear(HttpServerRequest request) {
        try {
            request.headers().clear();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "request headers not cleared: {0}", e.toString());
        }
    }

    private static void clear(ServerWebSocket ws) {
        try {
            ws.headers().clear();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "socket headers not cleared: {0}", e.toString());
        }
    }
}
