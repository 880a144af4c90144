package io.switchboard.device;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One device's socket, kept open: connects with the token (header, or {@code ?access_token=}), and after a refused
 * upgrade or a close reconnects with {@link Backoff} (added to a refusal's {@code Retry-After}) unless
 * {@link ClosePolicy} says stop. Everything runs on one Vert.x context.
 */
final class Link {
    private static final System.Logger LOG = System.getLogger(Link.class.getName());

    private final Vertx vertx;
    private final Context context;
    private final WebSocketClient client;
    private final Settings settings;
    private final AtomicInteger connects = new AtomicInteger();
    private Dispatcher dispatcher;
    private volatile WebSocket socket;
    private volatile boolean stopped;
    private volatile int lastCloseCode = -1;
    private int attempt;
    private String lastToken;

    /** What the link needs from the builder. */
    record Settings(String name, URI uri, Supplier<String> tokens, boolean tokenInQuery, Backoff backoff,
                    DeviceListener listener) { }

    Link(Vertx vertx, Context context, WebSocketClient client, Settings settings) {
        this.vertx = vertx;
        this.context = context;
        this.client = client;
        this.settings = settings;
    }

    void start(Dispatcher frames) {
        this.dispatcher = frames;
        context.runOnContext(v -> connect(null));
    }

    /** Writes a text frame to the open socket; false when there is none. */
    boolean write(String text) {
        WebSocket ws = socket;
        if (ws == null || ws.isClosed()) {
            return false;
        }
        ws.writeTextMessage(text);
        return true;
    }

    boolean connected() {
        WebSocket ws = socket;
        return ws != null && !ws.isClosed();
    }

    boolean stopped() {
        return stopped;
    }

    int connects() {
        return connects.get();
    }

    int lastCloseCode() {
        return lastCloseCode;
    }

    void stop() {
        stopped = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.close((short) 1000, "client stopping");
        }
    }

    private void connect(String renewed) {
        if (stopped) {
            return;
        }
        String token;
        try {
            token = renewed != null ? renewed : settings.tokens().get();
        } catch (RuntimeException e) {
            schedule("no token: " + e.getMessage(), 0, null);
            return;
        }
        lastToken = token;
        client.connect(options(token)).onComplete(ar -> {
            if (ar.failed()) {
                long retryAfter = ar.cause() instanceof UpgradeRejectedException rejected ? retryAfterMs(rejected) : 0;
                schedule("connect failed: " + ar.cause().getMessage(), retryAfter, null);
                return;
            }
            WebSocket ws = ar.result();
            if (stopped) {
                ws.close((short) 1000, "client stopping");
                return;
            }
            socket = ws;
            attempt = 0;
            connects.incrementAndGet();
            ws.textMessageHandler(dispatcher::onText);
            ws.exceptionHandler(t -> LOG.log(Level.DEBUG, "[device {0}] socket error: {1}", settings.name(), t.getMessage()));
            ws.closeHandler(v -> closed(ws));
            LOG.log(Level.INFO, "[device {0}] connected to {1}", settings.name(), settings.uri());
            settings.listener().connected();
        });
    }

    private WebSocketConnectOptions options(String token) {
        WebSocketConnectOptions options = new WebSocketConnectOptions();
        if (settings.tokenInQuery()) {
            String uri = settings.uri().toString();
            options.setAbsoluteURI(uri + (uri.contains("?") ? "&" : "?") + "access_token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8));
        } else {
            options.setAbsoluteURI(settings.uri().toString()).addHeader("Authorization", "Bearer " + token);
        }
        return options;
    }

    private void closed(WebSocket ws) {
        Short status = ws.closeStatusCode();
        int code = status == null ? 1006 : status;
        String reason = ws.closeReason();
        lastCloseCode = code;
        if (socket == ws) {
            socket = null;
        }
        dispatcher.disconnected();
        if (stopped) {
            settings.listener().closed(code, reason, false);
            return;
        }
        ClosePolicy next = ClosePolicy.after(code);
        String renewed = next == ClosePolicy.RENEW_TOKEN ? renewedToken() : null;
        if (next == ClosePolicy.STOP || (next == ClosePolicy.RENEW_TOKEN && renewed == null)) {
            stopped = true;
            LOG.log(Level.WARNING, "[device {0}] closed with {1} ({2}): not reconnecting", settings.name(), code, reason);
            settings.listener().closed(code, reason, false);
            return;
        }
        settings.listener().closed(code, reason, true);
        schedule("closed with " + code, 0, renewed);
    }

    /** A token other than the one just refused, or null when the supplier has nothing new. */
    private String renewedToken() {
        try {
            String fresh = settings.tokens().get();
            return fresh == null || fresh.equals(lastToken) ? null : fresh;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void schedule(String why, long floorMs, String token) {
        if (stopped) {
            return;
        }
        long delay = floorMs + settings.backoff().delayMs(attempt++, ThreadLocalRandom.current());
        LOG.log(Level.DEBUG, "[device {0}] {1}; reconnecting in {2} ms", settings.name(), why, delay);
        vertx.setTimer(delay, t -> connect(token));
    }

    private static long retryAfterMs(UpgradeRejectedException rejected) {
        String value = rejected.getHeaders() == null ? null : rejected.getHeaders().get("Retry-After");
        try {
            return value == null ? 0 : Math.min(Long.parseLong(value.trim()), 3600) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
