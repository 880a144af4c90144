package io.switchboard.command.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** command-service settings ({@code commands.*}). */
@ConfigMapping(prefix = "commands")
public interface CommandConfig {

    /**
     * This instance's id, unique per process: the end states of the commands its callers wait on are published on
     * its own update channel ({@code sb:cmd:updates:<id>}), so an instance reads only its own answers.
     */
    String instanceId();

    /**
     * Rolling upgrade from a version before routing (docs/routing.md): also publish every end state on the one
     * update channel of those versions, {@code sb:cmd:updates}, so their long-poll {@code GET}s are woken by ends
     * recorded here. Off by default: ends of records an older version created are published there anyway (they
     * name no watchers), and every instance of this version listens there too. Turn it on for the upgrade, off
     * once no older instance runs.
     */
    @WithDefault("false")
    boolean publishAllToLegacyChannel();

    /** Timeout of a command whose request names none, in milliseconds. */
    @WithDefault("7000")
    int defaultTimeoutMs();

    /** Smallest accepted {@code timeoutMs}. */
    @WithDefault("100")
    int minTimeoutMs();

    /** Largest accepted {@code timeoutMs}. */
    @WithDefault("300000")
    int maxTimeoutMs();

    /** Longest {@code waitMs} of {@code GET /api/commands/{id}}. */
    @WithDefault("60000")
    int maxWaitMs();

    /** How long a command's record is kept in Redis after it was created. */
    @WithDefault("24h")
    Duration recordTtl();

    /** How long an {@code Idempotency-Key} is remembered. */
    @WithDefault("24h")
    Duration idempotencyTtl();

    /**
     * Deepest nesting of a command's {@code params} (objects and arrays, the params object being level 1); a deeper
     * one is 400 {@code invalid_command}. Devices' JSON parsers are small, and the answers that carry the params
     * (the command record inside a 504 problem) must stay within Jackson's nesting limit of 1000.
     */
    @WithDefault("32")
    int maxParamsDepth();

    /** Most HTTP requests one instance lets wait for devices at once; beyond it, 503. */
    @WithDefault("20000")
    int maxWaiters();

    /**
     * Longest wait, in milliseconds, for Kafka to acknowledge a command; a send's budget is the smaller of
     * this and the time left to the command's deadline. Past it the command is fenced (never delivered)
     * and the caller gets 503 {@code broker_unavailable}. The producer's {@code delivery.timeout.ms} and
     * {@code max.block.ms} follow it (application.properties).
     */
    @WithDefault("5000")
    int sendTimeoutMs();

    /** {@code Retry-After} of a 503 {@code broker_unavailable} answer (whole seconds, rounded up). */
    @WithDefault("5s")
    Duration brokerRetryAfter();

    /**
     * How long a fence on the gateways' deliver-once key {@code sb:gateway:sent:<id>} lives; keep it
     * equal to the gateways' {@code gateway.delivery-memory} and longer than the longest command timeout.
     */
    @WithDefault("1h")
    Duration fenceTtl();

    /**
     * How long what a device last said (its last {@code status} report, {@code lastSeen}) is kept after its newest
     * event on {@code device.events}; a device silent for longer is unknown to {@code GET /api/devices/{id}}.
     */
    @WithDefault("30d")
    Duration deviceStateTtl();

    /** Commands that wait for an offline machine ({@code "delivery": {"whenOffline": "queue"}}). */
    Queue queue();

    /** What operators watch live on the notification link ({@code ops:} channels, messaging/OpsEvents). */
    Ops ops();

    /** The device console page ({@code /console.html}). */
    Console console();

    interface Console {
        /**
         * The notification socket the console subscribes to for {@code ops:} channels, a {@code ws://} or
         * {@code wss://} URL (e.g. {@code wss://switchboard.example/notifications/ws}), served to the page by
         * {@code GET /console/config}. Unset (the default): the page's own host, {@code /notifications/ws}, as behind
         * the ingress, where one host routes that path to notify-service. notify-service must allow the console's
         * origin ({@code notify.allowed-origins}).
         */
        Optional<String> notifyUrl();
    }

    interface Ops {
        /**
         * Oldest connected/disconnected report on {@code device.events} still passed on to {@code ops:devices}, by the
         * report's time; older ones (a new consumer group replaying the topic, a consumer that was down) are not, so
         * operators are never flooded with the past.
         */
        @WithDefault("1m")
        Duration deviceEventsMaxAge();
    }

    interface Queue {
        /** How long a queued command waits for its machine when the request names no {@code ttlMs}. */
        @WithDefault("1h")
        Duration defaultTtl();

        /** Longest accepted {@code ttlMs}. */
        @WithDefault("7d")
        Duration maxTtl();

        /** Shortest accepted {@code ttlMs}. */
        @WithDefault("1s")
        Duration minTtl();

        /** Most commands one machine's queue holds; one more is 409 {@code device_queue_full}. */
        @WithDefault("100")
        int maxPerDevice();
    }

    /** One command to many machines ({@code /api/jobs}, docs/jobs.md). */
    Jobs jobs();

    interface Jobs {
        /** Most machines one job targets. */
        @WithDefault("10000")
        int maxTargets();

        /** Most jobs running at once (across replicas); one more is 409 {@code too_many_jobs}. */
        @WithDefault("100")
        int maxActive();

        /** Rollout rate when the request names none, machines per minute. */
        @WithDefault("60")
        int defaultRatePerMinute();

        /** Highest accepted {@code ratePerMinute}. */
        @WithDefault("60000")
        int maxRatePerMinute();

        /** The abort rule's {@code minFinished} when the request names none (capped at the job's size). */
        @WithDefault("10")
        int defaultAbortMinFinished();

        /** How often each replica drives the jobs it holds (dispatch, deadlines, progress). */
        @WithDefault("250ms")
        Duration tick();

        /** A replica drives a job while it holds the job's lease; a dead replica's jobs move after this. */
        @WithDefault("3s")
        Duration lease();

        /** A machine claimed for dispatch but not dispatched this long after is dispatched again (its replica died). */
        @WithDefault("5s")
        Duration claimGrace();

        /** Most machines one tick dispatches, deadlines it checks and queued commands it cancels, per job. */
        @WithDefault("200")
        int batch();

        /** How long a finished job (completed, aborted, cancelled) stays readable. */
        @WithDefault("7d")
        Duration retention();

        /** Most items one page holds: a job's machines, the list of jobs, a group's devices. */
        @WithDefault("500")
        int maxPage();

        /** Most devices in one group ({@code /api/groups/{group}}). */
        @WithDefault("10000")
        int maxGroupSize();
    }
}
