package io.switchboard.bench;

import io.switchboard.bench.proc.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The counters of {@link Gateways} at one instant, per process: CPU time from /proc, and the Kafka records each
 * consumer has read, from its {@code /q/metrics}; plus the bench Redis' commands processed. Two readings
 * subtract into the figures of the window between them ({@link #minus}).
 *
 * <p>Records read are Micrometer's binding of the Kafka consumer's {@code records-consumed-total}, per topic:
 * {@value #RECORDS_CONSUMED} with a {@code topic} tag. The Kafka client writes each per-topic figure twice, tagged
 * {@code device.commands} and {@code device_commands}; only the dotted name is counted. Micrometer binds a
 * per-topic series only once the consumer has read from that topic and its refresh (every 60 s) has run, so
 * {@link Gateways} waits for the series before it starts a window.
 *
 * @param nanos          {@link System#nanoTime()} of the reading
 * @param gatewayCpu     each gateway's user+system CPU so far, ns
 * @param commandRecords records each gateway has read from {@code device.commands}
 * @param commandCpu     each command-service's CPU so far, ns
 * @param replyRecords   records each command-service has read from {@code device.replies}
 * @param redisCommands  Redis' {@code total_commands_processed}
 */
record Counters(long nanos, List<Long> gatewayCpu, List<Long> commandRecords, List<Long> commandCpu, List<Long> replyRecords,
                long redisCommands) {
    static final String RECORDS_CONSUMED = "kafka_consumer_fetch_manager_records_consumed_total";
    /** The gateways' command topic: {@code device.commands}, or one per gateway if routing ever names them so. */
    static final Predicate<String> COMMAND_TOPICS = t -> t.equals("device.commands")
            || t.startsWith("device.commands.") && !t.equals("device.commands.dlq");
    static final Predicate<String> REPLY_TOPIC = "device.replies"::equals;

    /**
     * Reads every process. Each page is read before the CPU at the start of a window ({@code atStart}) and after
     * it at the end, so that the scrapes' own CPU stays out of the window.
     */
    static Counters read(List<Service> gateways, List<Service> commandServices, RedisInfo redis, boolean atStart) {
        List<Long> gwCpu = new ArrayList<>();
        List<Long> gwRecords = new ArrayList<>();
        List<Long> cmdCpu = new ArrayList<>();
        List<Long> cmdRecords = new ArrayList<>();
        for (Service s : gateways) {
            readOne(s, COMMAND_TOPICS, atStart, gwCpu, gwRecords);
        }
        for (Service s : commandServices) {
            readOne(s, REPLY_TOPIC, atStart, cmdCpu, cmdRecords);
        }
        return new Counters(System.nanoTime(), gwCpu, gwRecords, cmdCpu, cmdRecords, redis.commandsProcessed());
    }

    private static void readOne(Service s, Predicate<String> topic, boolean atStart, List<Long> cpu, List<Long> records) {
        if (atStart) {
            records.add(consumed(MetricsPage.read(s.base()), topic));
            cpu.add(s.stats().cpuNanos());
        } else {
            cpu.add(s.stats().cpuNanos());
            records.add(consumed(MetricsPage.read(s.base()), topic));
        }
    }

    /** Records read from the topics {@code topic} accepts, by every consumer of the page. */
    static long consumed(MetricsPage page, Predicate<String> topic) {
        return Math.round(page.sum(RECORDS_CONSUMED, "topic", topic));
    }

    /** True when the page has a per-topic series for a topic {@code topic} accepts. */
    static boolean hasSeries(MetricsPage page, Predicate<String> topic) {
        return !page.find(RECORDS_CONSUMED, "topic", topic).isEmpty();
    }

    /** The window from {@code start} to this reading: every counter's difference. */
    Counters minus(Counters start) {
        return new Counters(nanos - start.nanos, diff(gatewayCpu, start.gatewayCpu), diff(commandRecords, start.commandRecords),
                diff(commandCpu, start.commandCpu), diff(replyRecords, start.replyRecords), redisCommands - start.redisCommands);
    }

    double seconds() {
        return nanos / 1e9;
    }

    static long total(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    private static List<Long> diff(List<Long> end, List<Long> start) {
        List<Long> d = new ArrayList<>();
        for (int i = 0; i < end.size(); i++) {
            d.add(end.get(i) - start.get(i));
        }
        return d;
    }
}
