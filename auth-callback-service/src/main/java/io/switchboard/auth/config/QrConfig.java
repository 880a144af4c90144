package io.switchboard.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** QR login settings ({@code qr.*}); every limit here is documented in {@code docs/qr-login.md}. */
@ConfigMapping(prefix = "qr")
public interface QrConfig {

    /** This process's id, written into business-log records; unique per process. */
    @WithDefault("auth-${quarkus.uuid}")
    String instanceId();

    /** How long a new login waits for the phone (scan and grant) before it turns {@code expired}. */
    @WithDefault("120s")
    Duration loginTtl();

    /** How long a granted login stays claimable by its browser (extends the expiry when granted late). */
    @WithDefault("60s")
    Duration grantTtl();

    /** How long a login's record is kept after its expiry, so late polls see the final state, not 404. */
    @WithDefault("10m")
    Duration retention();

    /** The poll interval suggested to pages ({@code pollIntervalMs}) between long-polls after an error. */
    @WithDefault("2s")
    Duration pollInterval();

    /**
     * Browser origins, besides this service's own (an {@code Origin} naming the request's {@code Host}), allowed
     * to open the push socket {@code /qr-logins/{loginId}/ws}; comma-separated. Any other browser origin is
     * refused with 403 at the upgrade; a request without {@code Origin} is not a browser and is not judged by it.
     */
    @WithDefault("http://localhost:8083,http://127.0.0.1:8083")
    List<String> allowedOrigins();

    /** Width and height in pixels of the QR code PNG. */
    @WithDefault("256")
    int qrImageSize();

    /** Expiry of logins past their deadline. */
    Expiry expiry();

    /** The threads that render QR images and sign session tokens (CPU-bound work, off the event loop). */
    Cpu cpu();

    /** The third party's credential API. */
    ThirdParty thirdParty();

    /** The third party's signed webhooks. */
    Webhook webhook();

    /** Long-polls and push sockets. */
    Waiting waiting();

    /** Limits on login creation. */
    RateLimit rateLimit();

    /** The cookie binding a login to the browser that created it. */
    Cookie cookie();

    /** The session token handed out with a grant. */
    Session session();

    /** The outbox of business-log records in Redis and its relay to Kafka {@code auth.qr-events}. */
    Outbox outbox();

    interface Expiry {
        /**
         * The longest a replica goes without looking for logins past their deadline. Each replica also sets a
         * timer for the next deadline it knows of, so {@code expired} is normally written at the deadline; this
         * bounds the lateness when the replica that created a login is gone. No Redis command is sent between.
         */
        @WithDefault("30s")
        Duration sweepInterval();

        /** The most logins one sweep expires; a larger backlog continues on the next sweep. */
        @WithDefault("500")
        int sweepBatch();
    }

    interface ThirdParty {
        /** Base URL of the credential API ({@code POST {url}/qr-credentials}); unset means logins answer 503. */
        Optional<String> url();

        /** Connect and read timeout of one credential call. */
        @WithDefault("3s")
        Duration timeout();
    }

    interface Webhook {
        /** Comma-separated {@code whsec_<base64>} secrets; several are accepted at once for rotation. */
        Optional<List<String>> secrets();

        /** How far a {@code webhook-timestamp} may be from now, in either direction. */
        @WithDefault("5m")
        Duration tolerance();

        /** The largest webhook body accepted, in bytes (413 beyond). */
        @WithDefault("65536")
        int maxBodyBytes();
    }

    interface Cpu {
        /**
         * Threads for QR images and token signatures; unset: one per available processor. CPU-bound work gains
         * nothing from more threads than cores, and a burst of logins must not grow the process's thread count.
         */
        OptionalInt threads();

        /** Renders and signatures queued for those threads at most; beyond, 503 {@code overloaded} + {@code Retry-After: 1}. */
        @WithDefault("10000")
        int queue();
    }

    interface Waiting {
        /** The longest {@code waitSeconds} a long-poll may ask for (400 beyond). */
        @WithDefault("30")
        int maxWaitSeconds();

        /** Long-polls plus push sockets held by one process at once (503 beyond). */
        @WithDefault("10000")
        int maxWaiters();
    }

    interface RateLimit {
        /** Logins one client address may create per window (429 beyond). */
        @WithDefault("10")
        int logins();

        /** The fixed rate-limit window. */
        @WithDefault("1m")
        Duration window();
    }

    interface Cookie {
        /** Prefix of the binding cookie's name; the login id follows it. */
        @WithDefault("sb_qr_")
        String namePrefix();

        /** Whether the cookie is {@code Secure} (HTTPS only); off only for plain-HTTP local runs. */
        @WithDefault("true")
        boolean secure();

        /** {@code SameSite} attribute: {@code strict} or {@code lax}. */
        @WithDefault("strict")
        String sameSite();
    }

    interface Session {
        /** Issuer of session tokens; must match what the other services verify. */
        @WithDefault("https://switchboard.local/issuer")
        String issuer();

        /** Groups (roles) of a session token. */
        @WithDefault("customer")
        List<String> groups();

        /** Lifetime of a session token. */
        @WithDefault("1h")
        Duration lifespan();
    }

    interface Outbox {
        /** Redis list holding the records Kafka has not acknowledged yet; the relay's lease is {@code <key>:relay}. */
        @WithDefault("sb:qr:outbox")
        String key();

        /** Records the outbox may hold; at this depth new logins are refused (503), changes of live ones still record. */
        @WithDefault("100000")
        int maxLength();

        /** The most records one relay step sends before it removes the acknowledged ones (at most 128, the emitter's buffer). */
        @WithDefault("100")
        int batchSize();

        /** How long a relay holds the lease without renewing it; another replica's relay takes over after it. */
        @WithDefault("30s")
        Duration leaseTtl();

        /** The longest the relay waits for Kafka to acknowledge one step before it counts it as failed and retries. */
        @WithDefault("20s")
        Duration sendTimeout();

        /** First pause after a failed step; it doubles on each failure in a row. */
        @WithDefault("200ms")
        Duration retryInitial();

        /** Cap of the pause between failed steps (keep leaseTtl above sendTimeout plus this). */
        @WithDefault("5s")
        Duration retryMax();

        /**
         * Backstop: how often an idle relay looks at the outbox anyway (one Redis command), for records whose
         * writer died before relaying them while nothing else happened. Changes wake it at once.
         */
        @WithDefault("5m")
        Duration idleCheck();
    }
}
