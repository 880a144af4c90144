package io.switchboard.bench;

import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Reads the bench Redis' counters over one connection of its own (no {@code CLIENT SETINFO} on connect),
 * so that each reading adds exactly one command, its {@code INFO}, to what it counts; also Redis' own CPU time.
 */
final class RedisInfo implements AutoCloseable {
    private final Jedis jedis;

    RedisInfo(int port) {
        jedis = new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build());
    }

    /** Redis' {@code total_commands_processed} (INFO stats); each call adds one. */
    long commandsProcessed() {
        for (String line : jedis.info("stats").split("\r\n")) {
            if (line.startsWith("total_commands_processed:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("no total_commands_processed in INFO stats");
    }

    /** Redis' own CPU time so far, user plus system ({@code used_cpu_user}, {@code used_cpu_sys} of INFO cpu), in seconds. */
    double cpuSeconds() {
        double seconds = 0;
        int found = 0;
        for (String line : jedis.info("cpu").split("\r\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                found++;
            }
        }
        if (found != 2) {
            throw new IllegalStateException("no used_cpu_user / used_cpu_sys in INFO cpu");
        }
        return seconds;
    }

    @Override
    public void close() {
        jedis.close();
    }
}
