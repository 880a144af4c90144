package io.switchboard.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** device-gateway settings ({@code gateway.*}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** This gateway instance's id, written into presence records; unique per process. */
    String instanceId();

    /** How long a device's presence lives in Redis without a refresh (the crash-expiry bound). */
    @WithDefault("60s")
    Duration presenceTtl();

    /** How often this gateway refreshes the presence of the devices it holds. */
    @WithDefault("20s")
    Duration presenceRefresh();

    /** A device that sends nothing (not even a pong) for this long is closed with 4000. */
    @WithDefault("75s")
    Duration idleTimeout();

    /** How often idle and expired-token connections are looked for. */
    @WithDefault("5s")
    Duration sweepInterval();

    /**
     * Largest inbound message in characters; a larger one closes the socket with 1009. Keep
     * {@code quarkus.websockets-next.server.max-message-size} equal to it (fragmented messages).
     */
    @WithDefault("65536")
    int maxMessageBytes();

    /** How long a delivered command id is remembered so a redelivered one is not sent twice. */
    @WithDefault("1h")
    Duration deliveryMemory();

    /** Commands this gateway works on at once, all devices together (read from Kafka, not yet written or settled). */
    @WithDefault("512")
    int deliveryWindow();

    /**
     * Commands one device may hold in that window (being written, or waiting behind its earlier ones); a
     * command beyond it is answered failed at once (-32005, reason {@code device_busy}), never queued.
     */
    @WithDefault("32")
    int deviceWindow();

    /** A command frame the device's socket has not taken within this (it stopped reading) closes it with 4001. */
    @WithDefault("10s")
    Duration writeTimeout();
}
