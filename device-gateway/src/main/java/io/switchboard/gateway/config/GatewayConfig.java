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
     * Largest inbound message in bytes, whole or fragmented (also while unfinished); a larger one closes the
     * socket with 1009. It is Vert.x's {@code maxWebSocketMessageSize} of the gateway's HTTP server. The old name
     * {@code quarkus.websockets-next.server.max-message-size} is still read (application.properties).
     */
    @WithDefault("65536")
    int maxMessageBytes();

    /**
     * Largest payload of one frame in bytes, judged by the frame's header before anything is read; a larger one
     * closes the socket with 1009 (Vert.x's {@code maxWebSocketFrameSize}). The old name
     * {@code quarkus.websockets-next.server.max-frame-size} is still read (application.properties).
     */
    @WithDefault("1048576")
    int maxFrameBytes();

    /**
     * How often the server pings every device socket; a pong counts as life ({@code idle-timeout}). One timer
     * pings all sockets of the gateway (not one timer per socket). {@code 0s}: no pings. The old name
     * {@code quarkus.websockets-next.server.auto-ping-interval} is still read (application.properties).
     */
    @WithDefault("25s")
    Duration autoPingInterval();

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

    /**
     * Entries of a machine's command queue ({@code sb:device:queue:<id>}) read at a time when it connects; they are
     * delivered one after the other, in order, and the next batch is read once these are settled.
     */
    @WithDefault("50")
    int queueDrainBatch();

    /** A command frame the device's socket has not taken within this (it stopped reading) closes it with 4001. */
    @WithDefault("10s")
    Duration writeTimeout();

    /**
     * With tracing on (docs/observability.md): written commands whose span waits for the device's answer, at most
     * this many (the oldest is then ended as unanswered); also ended a minute past the command's deadline.
     */
    @WithDefault("10000")
    int traceAwaitingMax();
}
