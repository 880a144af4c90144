package io.switchboard.bench;

import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Reads the bench Redis' counters over one connection of its own (no {@code CLIENT SETINFO} on connect),
 * so that each reading adds exactly one command, its {@code INFO}, to what it counts.
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

    @Override
    public void close() {
        jedis.close();
    }
}
