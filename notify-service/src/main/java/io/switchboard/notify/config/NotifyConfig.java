package io.switchboard.notify.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** notify-service settings ({@code notify.*}). Each key also reads from the environment, e.g. {@code NOTIFY_ALLOWED_ORIGINS}. */
@ConfigMapping(prefix = "notify")
public interface NotifyConfig {

    /** Browser origins allowed to open {@code /notifications/ws}; a request without {@code Origin} is not a browser and passes. */
    @WithDefault("http://localhost:8084,http://127.0.0.1:8084")
    List<String> allowedOrigins();

    /** How long an ingested event id is remembered, so the same id is stored and delivered once. */
    @WithDefault("24h")
    Duration dedupeTtl();

    /** The largest serialized event (id, channel, type, data) accepted, in bytes; keeps frames under the 64 KiB limit. */
    @WithDefault("32768")
    int maxEventBytes();

    /** Event types members may publish from a browser on their {@code board:} channels. */
    @WithDefault("todo.updated")
    List<String> boardPublishTypes();

    History history();

    Socket socket();

    Orders orders();

    CatchUp catchUp();

    Ingest ingest();

    StartPage startPage();

    /** The local run's start page, {@code GET /start} (docs/notifications.md): off unless a links file is set. */
    interface StartPage {
        /**
         * A JSON array of links ({@code [{"title", "url", "note"}]}) that {@code scripts/run-local.sh} writes, each
         * page's URL with a dev token in its {@code #token=}. Unset (the default, and production): {@code /start} is
         * 404. Never set it where the tokens are not the local run's own.
         */
        Optional<Path> linksFile();
    }

    /** Per-channel history in Redis, which makes {@code since} recovery work. */
    interface History {
        /** Most events kept per channel. */
        @WithDefault("1000")
        int maxCount();

        /** Oldest event kept per channel; a channel idle this long loses its whole history. */
        @WithDefault("24h")
        Duration maxAge();
    }

    /** Browser socket limits. */
    interface Socket {
        /** Frames written to a socket but not yet flushed to the network; past it the socket is closed with 4001. */
        @WithDefault("1000")
        int maxQueued();

        /** The largest text message a browser may send, in UTF-8 bytes; a larger one closes the socket with 1009. */
        @WithDefault("65536")
        int maxMessageBytes();

        /** Channels one socket may subscribe to at once. */
        @WithDefault("64")
        int maxSubscriptions();

        /** A socket that sends nothing (not even a pong to the server's pings) for this long is closed with 4000. */
        @WithDefault("75s")
        Duration idleTimeout();

        /** How often idle sockets and sockets with an expired token are looked for. */
        @WithDefault("5s")
        Duration sweepInterval();

        /** After a close frame, how long a socket may take to go away before its TCP connection is cut. */
        @WithDefault("5s")
        Duration closeGrace();
    }

    /**
     * The server-side catch-up after the fan-out's Redis subscription came back: every socket still subscribed
     * gets what was published meanwhile, from its last offset, read once per channel.
     */
    interface CatchUp {
        /** Channels whose history is read from Redis at the same time (the rest wait their turn). */
        @WithDefault("8")
        int concurrency();
    }

    /** Ingest from Kafka {@code notify.events}. */
    interface Ingest {
        /** First wait before storing a record again while Redis is unavailable (doubles per attempt). */
        @WithDefault("100ms")
        Duration retryMinBackoff();

        /** Longest wait between two attempts while Redis is unavailable; the record is retried until Redis answers. */
        @WithDefault("2s")
        Duration retryMaxBackoff();
    }

    /** Orders known from their {@code order.placed} events, and customer reminders about them. */
    interface Orders {
        /** How long an order stays known for reminders after its {@code order.placed} event. */
        @WithDefault("7d")
        Duration ttl();

        /** Minimum time between two reminders about the same order. */
        @WithDefault("60s")
        Duration reminderInterval();
    }
}
