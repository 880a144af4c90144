package io.switchboard.gateway.endpoint;

import io.netty.channel.Channel;
import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.common.vertx.VertxInternals;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.domain.DeviceSession;
import io.switchboard.gateway.service.DeviceLink;
import io.switchboard.gateway.service.DeviceRateLimit;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The device link: JSON-RPC 2.0 over {@code /devices/ws}, token with role {@code device}, device id = {@code sub}.
 * <p>
 * Served by a plain Vert.x route that upgrades the request itself ({@code toWebSocket()}), not by websockets-next:
 * websockets-next keeps, for each connection, the whole upgrade request (routing context, request and response,
 * their headers, a copy of the headers, the request context), the {@code SecurityIdentity} with the token's claims,
 * a 1 KiB queue and a ping timer, about 10 KiB more per idle socket than Vert.x (docs/benchmarks/heap-floor.md).
 * Here a socket keeps the Vert.x {@link ServerWebSocket} (its copy of the upgrade headers cleared once open) and a
 * {@link VertxDeviceChannel} with the {@link DeviceSession}: device id and token expiry, nothing else of the token.
 * <p>
 * The upgrade, in order: the token (header {@code Authorization: Bearer}, or {@code ?access_token=} copied there by
 * {@link QueryTokenFilter}) is verified by Quarkus' HTTP security as for every request (smallrye-jwt through
 * common's {@code CachingJwtValidator}: issuer, signature, expiry, {@code mp.jwt.verify.audiences}); none or an
 * anonymous identity is 401, a token without the role {@code device} 403; then {@link DeviceUpgradeCheck} (503 not
 * ready or draining) and {@link ConnectAttemptCheck} (429). Once open: text messages go through the size limit
 * (1009), the rate limit ({@link DeviceRateLimit}) and {@link DeviceLink#frame}; pongs count as life; the close
 * runs {@link DeviceLink#closed}. Frame and message size limits, compression and the keep-alive pings are set up by
 * {@link DeviceSocketOptions} and {@code service.AutoPing}; RFC 6455 close codes by common's {@code StrictFrames}.
 */
@ApplicationScoped
public class DeviceSocketServer {
    public static final String PATH = "/devices/ws";
    static final String ROLE = "device";

    private final DeviceLink link;
    private final DeviceRateLimit rate;
    private final GatewayConfig config;
    private final DeviceUpgradeCheck readiness;
    private final ConnectAttemptCheck attempts;
    private final IdentityProviderManager identities;

    DeviceSocketServer(DeviceLink link, DeviceRateLimit rate, GatewayConfig config, DeviceUpgradeCheck readiness,
                       ConnectAttemptCheck attempts, IdentityProviderManager identities) {
        this.link = link;
        this.rate = rate;
        this.config = config;
        this.readiness = readiness;
        this.attempts = attempts;
        this.identities = identities;
    }

    void install(@Observes Router router) {
        router.get(PATH).handler(this::upgradeRequest);
    }

    private void upgradeRequest(RoutingContext rc) {
        if (!"websocket".equalsIgnoreCase(rc.request().getHeader("Upgrade"))) {
            rc.next(); // not an upgrade: as any unknown resource
            return;
        }
        Context context = Vertx.currentContext();
        QuarkusHttpUser.getSecurityIdentity(rc, identities).subscribe().with(
                identity -> onContext(context, () -> authorised(rc, context, identity)),
                failure -> onContext(context, () -> rc.fail(failure)));
    }

    private void authorised(RoutingContext rc, Context context, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            rc.fail(new UnauthorizedException()); // Quarkus answers 401 with the Bearer challenge
            return;
        }
        if (!identity.hasRole(ROLE)) {
            rc.fail(new ForbiddenException());
            return;
        }
        JsonWebToken jwt = identity.getPrincipal() instanceof JsonWebToken t ? t : null;
        String deviceId = jwt != null && jwt.getSubject() != null ? jwt.getSubject() : identity.getPrincipal().getName();
        Instant expiry = jwt != null && jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime()) : Instant.MAX;
        if (readiness.refused(rc.response())) {
            return;
        }
        HttpServerRequest request = rc.request();
        attempts.admit(deviceId, rc.response()).subscribe().with(admitted -> {
            if (admitted) {
                onContext(context, () -> upgrade(request, deviceId, expiry));
            }
        }, failure -> onContext(context, () -> rc.fail(failure)));
    }

    /** Upgrades; what the socket's handlers capture is the channel alone, never the request or routing context. */
    private void upgrade(HttpServerRequest request, String deviceId, Instant expiry) {
        Channel transport = VertxInternals.nettyChannel(request.connection());
        request.toWebSocket().onComplete(ar -> {
            if (ar.failed()) {
                Log.debugf("[device %s] upgrade failed: %s", deviceId, ar.cause().toString());
                return;
            }
            if (transport != null) {
                // Quarkus' HTTP idle timeout: 192 B per socket and a listener on every write; a device's liveness is
                // the gateway's own (AutoPing, pongs, gateway.idle-timeout), and the pings kept it from firing anyway
                VertxInternals.dropIdleHandler(transport);
            }
            open(ar.result(), new DeviceSession(deviceId, expiry));
        });
    }

    private void open(ServerWebSocket ws, DeviceSession session) {
        ws.headers().clear(); // Vert.x's copy of the upgrade headers, the token among them: ~1.6 KiB per socket
        VertxDeviceChannel channel = new VertxDeviceChannel(ws, session);
        ws.pause(); // frames wait until the device is registered (presence claimed), as its first frame may need it
        ws.textMessageHandler(text -> onText(channel, text));
        ws.pongHandler(data -> session.touch());
        ws.exceptionHandler(failure -> onError(channel, failure));
        ws.closeHandler(v -> {
            if (channel.closed()) {
                closed(channel);
            }
        });
        Context context = Vertx.currentContext(); // the socket's: Redis answers on another thread
        link.opened(channel).subscribe().with(v -> onContext(context, () -> opened(channel, ws)), failure -> {
            Log.warnf("[device %s] open not completed: %s", session.deviceId(), failure.toString());
            onContext(context, () -> opened(channel, ws));
        });
    }

    private void opened(VertxDeviceChannel channel, ServerWebSocket ws) {
        if (channel.opened()) {
            ws.resume();
        } else {
            closed(channel);
        }
    }

    private void closed(VertxDeviceChannel channel) {
        link.closed(channel).subscribe().with(v -> { },
                t -> Log.warnf("[device %s] close not handled: %s", channel.session().deviceId(), t.toString()));
    }

    private void onText(VertxDeviceChannel channel, String frame) {
        if (frame.length() > config.maxMessageBytes()) {
            tooBig(channel);
            return;
        }
        Optional<Uni<Void>> refused = rate.refusal(channel, frame);
        Uni<Void> reply;
        if (refused.isPresent()) {
            reply = refused.get();
        } else {
            String answer = link.frame(channel, frame);
            if (answer == null) {
                return;
            }
            reply = channel.sendText(answer);
        }
        reply.subscribe().with(v -> { },
                t -> Log.debugf("[device %s] answer not written: %s", channel.session().deviceId(), t.toString()));
    }

    /**
     * A message over {@code gateway.max-message-bytes} (fragmented or not) is reported by Vert.x' frame aggregator
     * as an {@link IllegalStateException} ("... max message size ..."): close 1009. A connection dropped without a
     * close handshake (a machine losing its network) is logged at DEBUG, as websockets-next did; anything else WARN.
     */
    private void onError(VertxDeviceChannel channel, Throwable failure) {
        if (failure instanceof IllegalStateException && failure.getMessage() != null
                && failure.getMessage().contains("max message size")) {
            tooBig(channel);
            return;
        }
        if (failure instanceof HttpClosedException) {
            Log.debugf("[device %s] connection dropped: %s", channel.session().deviceId(), failure.toString());
            return;
        }
        Log.warnf("[device %s] socket error: %s", channel.session().deviceId(), failure.toString());
    }

    private static void tooBig(VertxDeviceChannel channel) {
        Log.infof("[device %s] message over the size limit: closing with 1009", channel.session().deviceId());
        channel.close(CloseCodes.TOO_BIG, "message too big").subscribe().with(v -> { }, t -> { });
    }

    /** Runs {@code action} on {@code context} (the request's or the socket's), at once when already on it. */
    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
