package io.switchboard.gateway.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The server's keep-alive: every {@code gateway.auto-ping-interval} (25 s) one periodic timer pings every device
 * socket this gateway holds; the pongs count as life for the idle sweep ({@code gateway.idle-timeout}). One timer
 * for all sockets, not one per socket as websockets-next had (a timer and its handler per connection, about
 * 0.1 KiB each, and 10,000 timer wake-ups per interval at 10,000 sockets): here the cost per idle socket is one
 * ping frame per interval. Socket.IO's server pings at the same interval (its {@code pingInterval}, 25 s).
 */
@ApplicationScoped
class AutoPing {
    private final LocalDevices local;
    private final GatewayConfig config;
    private final Vertx vertx;
    private long timer = -1;

    AutoPing(LocalDevices local, GatewayConfig config, Vertx vertx) {
        this.local = local;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        long every = config.autoPingInterval().toMillis();
        if (every <= 0) {
            Log.info("device sockets are not pinged (gateway.auto-ping-interval is 0)");
            return;
        }
        timer = vertx.setPeriodic(every, every, id -> pingAll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void pingAll() {
        local.all().forEach(c -> c.ping());
    }
}
